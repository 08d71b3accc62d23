"""The ``kgt:`` vocabulary (https://w3id.org/kgtool/ontology#), generated from
``ontology/*.ttl`` by ``scripts/gen_namespaces.py``; do not edit by hand.

Strict: a term not declared in the ontology (``KGT.satedIn``) raises AttributeError
instead of minting a new IRI."""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KGT(DefinedNamespace):
    """Classes and properties of the kgtool ontology."""

    _NS = Namespace("https://w3id.org/kgtool/ontology#")
    _fail = True

    # Classes
    BudgetStatement: URIRef  # budget statement
    CollectiveActor: URIRef  # collective actor
    CoordinationBody: URIRef  # coordination body
    Country: URIRef  # country
    DemonstrationZone: URIRef  # demonstration zone
    District: URIRef  # district
    FundingMeasure: URIRef  # funding measure
    Goal: URIRef  # goal
    Government: URIRef  # government
    GovernmentAgency: URIRef  # government agency
    IndustryBody: URIRef  # industry body
    IndustryPriority: URIRef  # industry priority
    Jurisdiction: URIRef  # jurisdiction
    Measure: URIRef  # measure
    Municipality: URIRef  # municipality
    PolicyDocument: URIRef  # policy document
    PolicyFact: URIRef  # policy fact
    PrefectureCity: URIRef  # prefecture-level city
    Program: URIRef  # program
    Province: URIRef  # province
    StandardizationBody: URIRef  # standardization body
    StandardizationBodyMeasure: URIRef  # standardization body measure
    Subcommittee: URIRef  # subcommittee
    Target: URIRef  # target
    Task: URIRef  # task
    TaskAssignment: URIRef  # task assignment
    TechnicalCommittee: URIRef  # technical committee
    WorkingGroup: URIRef  # working group

    # Properties
    abridged: URIRef  # abridged
    action: URIRef  # action
    activity: URIRef  # funded activity
    adminCode: URIRef  # administrative division code
    adoptedAt: URIRef  # adopted at
    agent: URIRef  # agent
    amount: URIRef  # amount
    aspirational: URIRef  # aspirational
    assignment: URIRef  # assignment
    bodyType: URIRef  # body type
    comparator: URIRef  # comparator
    deadline: URIRef  # deadline
    docNumber: URIRef  # document number
    docNumberKey: URIRef  # document number key
    documentStatus: URIRef  # document status
    documentType: URIRef  # document type
    domain: URIRef  # domain
    funder: URIRef  # funder
    funds: URIRef  # funds
    gbt4754Section: URIRef  # GB/T 4754 section
    hasAssignedTask: URIRef  # has assigned task
    industry: URIRef  # industry
    jurisdiction: URIRef  # jurisdiction
    jurisdictionEvidence: URIRef  # jurisdiction evidence
    jurisdictionStatus: URIRef  # jurisdiction status
    level: URIRef  # level
    location: URIRef  # location
    maxValue: URIRef  # maximum value
    metric: URIRef  # metric
    minValue: URIRef  # minimum value
    ofTask: URIRef  # of task
    originalAmount: URIRef  # original amount
    partOf: URIRef  # part of
    partOfProgram: URIRef  # part of program
    perItem: URIRef  # per item
    perYear: URIRef  # per year
    planPeriod: URIRef  # plan period
    plannedDocument: URIRef  # planned document
    publicationDate: URIRef  # publication date
    quantityKind: URIRef  # quantity kind
    quote: URIRef  # quote
    quoteEnd: URIRef  # quote end offset
    quoteSimplified: URIRef  # simplified quote
    quoteStart: URIRef  # quote start offset
    recipientCondition: URIRef  # recipient condition
    role: URIRef  # role
    sourceFile: URIRef  # source file
    statedIn: URIRef  # stated in
    transmits: URIRef  # transmits
    transmittalType: URIRef  # transmittal type
    unit: URIRef  # unit
    value: URIRef  # value
    webUploadDate: URIRef  # web upload date
    zoneType: URIRef  # zone type
