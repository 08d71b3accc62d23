# expect: AgencyOutsideJurisdiction Warning <https://w3id.org/kgtool/id/fact/yufufa-2011-3/task-01>
# case: a Chongqing task assigned to Suzhou's government office (a short name resolved in the wrong city)
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <fact/yufufa-2011-3/task-01/a-1> kgt:agent ?g } INSERT { <fact/yufufa-2011-3/task-01/a-1> kgt:agent <org/sz-gov-office> . <org/sz-gov-office> a org:Organization ; rdfs:label "苏州市人民政府办公室"@zh , "General Office of the Suzhou Municipal People's Government"@en ; kgt:jurisdiction <jur/320500> } WHERE { <fact/yufufa-2011-3/task-01/a-1> kgt:agent ?g }
