# expect: Concept-documentType Violation <https://w3id.org/kgtool/id/doctype/opinions>
# case: a document type that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
INSERT DATA { <doc/yufufa-2011-3> kgt:documentType <doctype/opinions> }
