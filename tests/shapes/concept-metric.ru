# expect: Concept-metric Violation <https://w3id.org/kgtool/id/metric/intl-standards>
# case: a mistyped metric IRI (words swapped)
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <fact/yufufa-2011-3/target-01> kgt:metric <metric/standards-intl> } INSERT { <fact/yufufa-2011-3/target-01> kgt:metric <metric/intl-standards> } WHERE { <fact/yufufa-2011-3/target-01> kgt:metric <metric/standards-intl> }
