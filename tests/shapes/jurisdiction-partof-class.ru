# expect: PartOf-class Violation <https://w3id.org/kgtool/id/jur/500000>
# case: kgt:partOf points to an organisation
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <jur/500000> kgt:partOf ?p } INSERT { <jur/500000> kgt:partOf <org/cq-gov> } WHERE { <jur/500000> kgt:partOf ?p }
