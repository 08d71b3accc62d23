# expect: PolicyDocument-docNumber-count Violation <https://w3id.org/kgtool/id/doc/yufufa-2011-3>
# case: two document numbers
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { <doc/yufufa-2011-3> kgt:docNumber "渝府发〔2011〕4号" }
