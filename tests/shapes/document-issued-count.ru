# expect: PolicyDocument-issued-count Violation <https://w3id.org/kgtool/id/doc/yufufa-2011-3>
# case: two issue dates
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { <doc/yufufa-2011-3> dct:issued "2011-01-20"^^xsd:date }
