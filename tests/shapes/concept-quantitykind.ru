# expect: Concept-quantityKind Violation <https://w3id.org/kgtool/id/qkind/increase>
# case: a quantity kind that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <fact/yufufa-2011-3/target-01> kgt:quantityKind <qkind/increment> } INSERT { <fact/yufufa-2011-3/target-01> kgt:quantityKind <qkind/increase> } WHERE { <fact/yufufa-2011-3/target-01> kgt:quantityKind <qkind/increment> }
