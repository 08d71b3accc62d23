# expect: Concept-role Violation <https://w3id.org/kgtool/id/role/leader>
# case: a role IRI that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <fact/yufufa-2011-3/task-01/a-1> kgt:role <role/lead> } INSERT { <fact/yufufa-2011-3/task-01/a-1> kgt:role <role/leader> } WHERE { <fact/yufufa-2011-3/task-01/a-1> kgt:role <role/lead> }
