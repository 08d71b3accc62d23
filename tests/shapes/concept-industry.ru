# expect: Concept-industry Violation <https://w3id.org/kgtool/id/industry/steel-iron>
# case: an industry that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
INSERT DATA { <fact/yufufa-2011-3/target-01> kgt:industry <industry/steel-iron> }
