# expect: Target-minValue-datatype Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/target-01>
# case: a range whose lower bound is an xsd:integer, not an xsd:decimal
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <fact/yufufa-2011-3/target-01> kgt:value ?v ; kgt:comparator ?c }
INSERT { <fact/yufufa-2011-3/target-01> kgt:minValue "15"^^xsd:integer ; kgt:maxValue 20.0 ; kgt:comparator <cmp/range> }
WHERE { <fact/yufufa-2011-3/target-01> kgt:value ?v ; kgt:comparator ?c }
