# expect: Concept-bodyType Violation <https://w3id.org/kgtool/id/bodytype/committee>
# case: a standardization-body type that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
INSERT DATA { <fact/yufufa-2011-3/zone-01> kgt:bodyType <bodytype/committee> }
