# expect: MonetaryAmount-value-positive Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/funding-01>
# case: a negative amount (focus: the amount node of funding-01)
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?a schema:value ?v } INSERT { ?a schema:value "-5.0"^^xsd:decimal } WHERE { <fact/yufufa-2011-3/funding-01> kgt:amount ?a . ?a schema:value ?v }
