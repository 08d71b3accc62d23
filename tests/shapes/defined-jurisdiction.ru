# expect: Defined-jurisdiction Violation <https://w3id.org/kgtool/id/jur/50000>
# case: a jurisdiction IRI with a digit missing (500000 meant)
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <fact/yufufa-2011-3/target-01> kgt:jurisdiction ?j } INSERT { <fact/yufufa-2011-3/target-01> kgt:jurisdiction <jur/50000> } WHERE { <fact/yufufa-2011-3/target-01> kgt:jurisdiction ?j }
