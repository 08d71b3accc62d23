# expect: PolicyDocument-issued-datatype Violation <https://w3id.org/kgtool/id/doc/yufufa-2011-3>
# case: an impossible date (ill-typed literal)
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <doc/yufufa-2011-3> dct:issued ?i } INSERT { <doc/yufufa-2011-3> dct:issued "2015-13-45"^^xsd:date } WHERE { <doc/yufufa-2011-3> dct:issued ?i }
