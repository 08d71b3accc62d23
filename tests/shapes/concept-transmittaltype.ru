# expect: Concept-transmittalType Violation <https://w3id.org/kgtool/id/transmittal/yinfa>
# case: a transmittal type that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
INSERT DATA { <doc/yufufa-2011-3> kgt:transmittalType <transmittal/yinfa> }
