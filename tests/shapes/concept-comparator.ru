# expect: Concept-comparator Violation <https://w3id.org/kgtool/id/cmp/atleast>
# case: a comparator IRI that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <fact/yufufa-2011-3/target-02> kgt:comparator <cmp/at-least> } INSERT { <fact/yufufa-2011-3/target-02> kgt:comparator <cmp/atleast> } WHERE { <fact/yufufa-2011-3/target-02> kgt:comparator <cmp/at-least> }
