# expect: Concept-level Violation <https://w3id.org/kgtool/id/level/nation>
# case: a level that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
INSERT DATA { <fact/yufufa-2011-3/zone-01> kgt:level <level/nation> }
