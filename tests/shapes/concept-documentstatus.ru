# expect: Concept-documentStatus Violation <https://w3id.org/kgtool/id/status/encode>
# case: a document status that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <doc/yufufa-2011-3> kgt:documentStatus <status/encoded> } INSERT { <doc/yufufa-2011-3> kgt:documentStatus <status/encode> } WHERE { <doc/yufufa-2011-3> kgt:documentStatus <status/encoded> }
