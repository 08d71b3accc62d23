# expect: SubOrganizationOf-class Violation <https://w3id.org/kgtool/id/org/cq-qts>
# case: a parent organisation that is a jurisdiction
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <org/cq-qts> org:subOrganizationOf ?p } INSERT { <org/cq-qts> org:subOrganizationOf <jur/500000> } WHERE { <org/cq-qts> org:subOrganizationOf ?p }
