# expect: Jurisdiction-adminCode Violation <https://w3id.org/kgtool/id/jur/500000>
# case: an administrative code of four digits
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <jur/500000> kgt:adminCode ?c } INSERT { <jur/500000> kgt:adminCode "5000" } WHERE { <jur/500000> kgt:adminCode ?c }
