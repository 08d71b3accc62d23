# expect: Target-comparator-in Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/target-01>
# case: an unknown comparator
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <fact/yufufa-2011-3/target-01> kgt:comparator ?c } INSERT { <fact/yufufa-2011-3/target-01> kgt:comparator <cmp/unknown-comparator> } WHERE { <fact/yufufa-2011-3/target-01> kgt:comparator ?c }
