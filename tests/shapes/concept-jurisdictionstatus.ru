# expect: Concept-jurisdictionStatus Violation <https://w3id.org/kgtool/id/status/state>
# case: a jurisdiction status that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
INSERT DATA { <doc/yufufa-2011-3> kgt:jurisdictionStatus <status/state> }
