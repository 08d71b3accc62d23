# expect: MonetaryAmountShape Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/funding-01>
# case: an amount node that is not typed schema:MonetaryAmount (focus: the amount node of funding-01)
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?a a schema:MonetaryAmount } WHERE { <fact/yufufa-2011-3/funding-01> kgt:amount ?a . ?a a schema:MonetaryAmount }
