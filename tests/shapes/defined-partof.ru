# expect: Defined-partOf Violation <https://w3id.org/kgtool/id/jur/10000>
# case: a parent jurisdiction that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <jur/500000> kgt:partOf <jur/100000> } INSERT { <jur/500000> kgt:partOf <jur/10000> } WHERE { <jur/500000> kgt:partOf <jur/100000> }
