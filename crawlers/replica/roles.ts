/**
 * Role templates for the offline demo replica: realistic Dutch zorg & welzijn task/requirement/offer texts.
 * All employers in the replica are fictional; the texts are written for this project.
 */

export interface RoleTemplate {
  key: string;
  titles: string[];
  branch: string;
  education: string;
  cao: string;
  scale: string;
  intro: string;
  taken: string[];
  eisen: string[];
  aanbod: string[];
}

export const ROLES: Record<string, RoleTemplate> = {
  vigVvt: {
    key: 'vigVvt',
    titles: ['Verzorgende IG', 'Verzorgende IG psychogeriatrie', 'Verzorgende IG somatiek'],
    branch: 'vvt',
    education: 'MBO 3 Verzorgende IG',
    cao: 'CAO VVT',
    scale: 'FWG 35',
    intro: 'Ben jij een verzorgende IG met een warm hart voor ouderen? Op onze afdeling wonen bewoners met dementie die rekenen op rust, structuur en aandacht.',
    taken: [
      'Je biedt persoonlijke verzorging en ondersteunt bewoners bij de ADL',
      'Je voert verpleegtechnische handelingen uit, zoals wondzorg en het aanleggen van steunkousen',
      'Je deelt medicatie uit en controleert de medicatie volgens het protocol (dubbele controle)',
      'Je signaleert veranderingen in gedrag en gezondheid en bespreekt dit met de EVV\'er en de specialist ouderengeneeskunde',
      'Je rapporteert in het ECD (Ons) en werkt mee aan het zorgleefplan',
      'Je biedt zinvolle daginvulling en betrekt familie en mantelzorgers bij de zorg',
    ],
    eisen: [
      'Je hebt een afgeronde opleiding Verzorgende IG (mbo niveau 3)',
      'Je hebt kennis van dementie en onbegrepen gedrag, of wilt je daarin verdiepen',
      'Je bent bereid om in wisseldiensten te werken, inclusief weekenden',
      'Je bent communicatief vaardig en kunt goed samenwerken in een klein team',
    ],
    aanbod: [
      'Een contract voor bepaalde tijd met uitzicht op vast',
      'Eindejaarsuitkering van 8,33% en 8% vakantiegeld',
      'Scholing via onze eigen academie, onder andere in palliatieve zorg',
      'Een goede pensioenregeling bij PFZW',
    ],
  },
  wijkverpleegkundige: {
    key: 'wijkverpleegkundige',
    titles: ['Wijkverpleegkundige', 'Wijkverpleegkundige niveau 5', 'HBO-verpleegkundige wijkzorg'],
    branch: 'vvt',
    education: 'HBO-V, BIG-registratie',
    cao: 'CAO VVT',
    scale: 'FWG 50',
    intro: 'Als wijkverpleegkundige ben je het gezicht van de thuiszorg in de wijk. Je werkt zelfstandig en hebt veel regelruimte.',
    taken: [
      'Je indiceert zorg volgens het normenkader van de V&VN en stelt zorgplannen op',
      'Je voert complexe verpleegtechnische handelingen uit, zoals wondzorg, katheteriseren en infuustherapie',
      'Je coacht verzorgenden en verpleegkundigen niveau 4 in het team',
      'Je werkt samen met huisartsen, de POH ouderen en het sociaal wijkteam',
      'Je speelt een rol in palliatieve zorg thuis en in advance care planning',
      'Je rapporteert in het ECD (Nedap Ons) en bewaakt de kwaliteit van zorg',
    ],
    eisen: [
      'Je hebt een hbo-diploma Verpleegkunde en een geldige BIG-registratie',
      'Je bent in het bezit van een rijbewijs B',
      'Je hebt ervaring met indiceren of bent bereid de scholing hiervoor te volgen',
      'Je bent zelfstandig, proactief en kunt goed plannen en organiseren',
    ],
    aanbod: [
      'Een vast contract',
      'Een leaseauto of e-bike van de zaak',
      'Ruimte voor de post-hbo opleiding Wijkverpleging',
      'Reiskostenvergoeding en een laptop en telefoon van de zaak',
    ],
  },
  verpleegkundigeZkh: {
    key: 'verpleegkundigeZkh',
    titles: ['Verpleegkundige interne geneeskunde', 'Verpleegkundige chirurgie', 'Verpleegkundige cardiologie', 'Verpleegkundige acute opname'],
    branch: 'ziekenhuizen',
    education: 'MBO 4 of HBO Verpleegkunde, BIG-registratie',
    cao: 'Cao Ziekenhuizen',
    scale: 'FWG 45',
    intro: 'Op onze verpleegafdeling liggen patiënten met uiteenlopende aandoeningen. Geen dag is hetzelfde en je werkt in een hecht team.',
    taken: [
      'Je verleent basis- en specialistische verpleegkundige zorg aan opgenomen patiënten',
      'Je voert voorbehouden handelingen uit, zoals het prikken van infusen, injecteren en het toedienen van medicatie',
      'Je observeert en bewaakt vitale functies (MEWS) en signaleert achteruitgang tijdig',
      'Je voert het ontslaggesprek en regelt de overdracht naar de thuiszorg',
      'Je rapporteert in het EPD (HiX) en werkt volgens het verpleegkundig proces',
    ],
    eisen: [
      'Je bent mbo- of hbo-verpleegkundige met een geldige BIG-registratie',
      'Je bent flexibel inzetbaar in dag-, avond-, nacht- en weekenddiensten',
      'Je bent klinisch redeneervaardig en kunt goed prioriteren',
      'Ervaring met de vervolgopleiding is een pré',
    ],
    aanbod: [
      'Een salaris conform de Cao Ziekenhuizen',
      'Onregelmatigheidstoeslag en een eindejaarsuitkering',
      'Volop mogelijkheden voor een vervolgopleiding (IC, SEH, CCU)',
      'Een fietsplan en korting op je zorgverzekering',
    ],
  },
  begeleiderGhz: {
    key: 'begeleiderGhz',
    titles: ['Persoonlijk begeleider gehandicaptenzorg', 'Begeleider woonlocatie', 'Persoonlijk begeleider EVB/LVB'],
    branch: 'gehandicaptenzorg',
    education: 'MBO 4 Persoonlijk begeleider gehandicaptenzorg',
    cao: 'Cao Gehandicaptenzorg',
    scale: 'FWG 40',
    intro: 'Op onze woonlocatie wonen volwassenen met een (licht) verstandelijke beperking. Je helpt hen om een zo zelfstandig mogelijk leven te leiden.',
    taken: [
      'Je bent persoonlijk begeleider van een aantal cliënten en stelt het ondersteuningsplan op',
      'Je werkt methodisch en evalueert doelen samen met cliënt en verwanten',
      'Je ondersteunt bij dagelijkse activiteiten, huishouden en vrijetijdsbesteding',
      'Je gaat professioneel om met probleemgedrag en past de-escalerende technieken toe',
      'Je deelt medicatie uit en rapporteert in het ECD',
    ],
    eisen: [
      'Je hebt een afgeronde opleiding Persoonlijk begeleider gehandicaptenzorg (mbo 4) of Sociaal Werk',
      'Je hebt ervaring met of affiniteit met mensen met een verstandelijke beperking',
      'Je bent stressbestendig, geduldig en duidelijk in je communicatie',
      'Je bent bereid om slaapdiensten en weekenden te werken',
    ],
    aanbod: [
      'Een contract voor 1 jaar met zicht op een vast dienstverband',
      'Een salaris volgens de Cao Gehandicaptenzorg',
      'Training in het omgaan met agressie en in de methodiek Triple-C',
      'Een uitgebreid inwerkprogramma met een vaste buddy',
    ],
  },
  pedagogischMedewerker: {
    key: 'pedagogischMedewerker',
    titles: ['Pedagogisch medewerker kinderopvang', 'Pedagogisch medewerker BSO', 'Pedagogisch professional dagopvang'],
    branch: 'kinderopvang',
    education: 'MBO 3 Pedagogisch medewerker',
    cao: 'Cao Kinderopvang',
    scale: 'schaal 6',
    intro: 'Wij zoeken een enthousiaste pedagogisch medewerker die kinderen een veilige en uitdagende plek biedt om te spelen en te ontdekken.',
    taken: [
      'Je biedt verzorging en begeleiding aan een groep kinderen van 0 tot 4 jaar',
      'Je observeert de ontwikkeling van kinderen en bespreekt die met ouders',
      'Je organiseert activiteiten volgens het VVE-programma',
      'Je werkt volgens het pedagogisch beleidsplan en houdt de kindvolgsystemen bij',
    ],
    eisen: [
      'Je hebt een diploma dat voldoet aan de kwalificatie-eisen van de cao Kinderopvang',
      'Je beschikt over taalniveau 3F voor mondelinge vaardigheden',
      'Je bent ingeschreven in het Personenregister Kinderopvang',
      'Je bent creatief, geduldig en een echte teamspeler',
    ],
    aanbod: [
      'Een salaris volgens de Cao Kinderopvang',
      'Korting op kinderopvang voor je eigen kinderen',
      'Een VVE-certificering als je die nog niet hebt',
      'Een gezellig team en korte lijnen',
    ],
  },
  gzPsycholoog: {
    key: 'gzPsycholoog',
    titles: ['GZ-psycholoog', 'GZ-psycholoog volwassenen', 'GZ-psycholoog basis-GGZ'],
    branch: 'ggz',
    education: 'WO Psychologie, BIG-registratie als GZ-psycholoog',
    cao: 'Cao GGZ',
    scale: 'FWG 65',
    intro: 'Binnen ons ambulante team behandelen we volwassenen met angst-, stemmings- en persoonlijkheidsproblematiek.',
    taken: [
      'Je doet diagnostiek en stelt behandelplannen op samen met de cliënt',
      'Je biedt behandeling, onder andere CGT, EMDR en schematherapie',
      'Je bent regiebehandelaar en werkt nauw samen met psychiater en verpleegkundig specialist',
      'Je draagt bij aan intervisie en de ontwikkeling van zorgpaden',
    ],
    eisen: [
      'Je bent BIG-geregistreerd als GZ-psycholoog',
      'Je hebt ervaring als regiebehandelaar in de GGZ',
      'Je bent opgeleid in CGT en/of EMDR',
      'Je kunt goed samenwerken in een multidisciplinair team',
    ],
    aanbod: [
      'Een vast contract bij goed functioneren',
      'Een salaris volgens de Cao GGZ, afhankelijk van ervaring',
      'Een ruim opleidingsbudget en tijd voor deskundigheidsbevordering',
      'Flexibele werktijden en de mogelijkheid om deels thuis te werken',
    ],
  },
  doktersassistent: {
    key: 'doktersassistent',
    titles: ['Doktersassistent', 'Doktersassistent huisartsenpraktijk', 'Doktersassistent (triage)'],
    branch: 'huisartsen',
    education: 'MBO 4 Doktersassistent',
    cao: 'Cao Huisartsenzorg',
    scale: 'functiegroep 5',
    intro: 'Onze gezondheidscentrum met vier huisartsen zoekt een doktersassistent die stevig in haar of zijn schoenen staat.',
    taken: [
      'Je doet de telefonische triage volgens de NHG-Triagewijzer',
      'Je voert medisch-technische handelingen uit: injecteren, oren uitspuiten, ECG maken en wondverzorging',
      'Je beheert de agenda en verwerkt herhaalrecepten in het HIS',
      'Je draagt bij aan preventieprogramma\'s zoals de griepvaccinatie',
    ],
    eisen: [
      'Je hebt een diploma Doktersassistent (mbo 4)',
      'Je hebt een KNMG-registratie of bent bereid die te halen',
      'Je hebt ervaring met Medicom of Promedico, of leert dit snel',
      'Je bent klantvriendelijk en houdt het overzicht bij drukte',
    ],
    aanbod: [
      'Een salaris volgens de Cao Huisartsenzorg',
      'Werkdagen zonder avond- en weekenddiensten',
      'Scholing in triage en spirometrie',
      'Een fijne, informele werksfeer',
    ],
  },
  helpende: {
    key: 'helpende',
    titles: ['Helpende Zorg & Welzijn', 'Helpende plus', 'Helpende thuiszorg'],
    branch: 'vvt',
    education: 'MBO 2 Helpende Zorg & Welzijn',
    cao: 'CAO VVT',
    scale: 'FWG 25',
    intro: 'Als helpende ben je er voor de kleine dingen die het verschil maken voor onze cliënten.',
    taken: [
      'Je helpt cliënten met wassen, aankleden en eten',
      'Je ondersteunt bij huishoudelijke taken en maaltijden',
      'Je signaleert veranderingen en meldt die aan de verzorgende IG',
      'Je zorgt voor gezelligheid en een luisterend oor',
    ],
    eisen: [
      'Je hebt een diploma Helpende Zorg & Welzijn (mbo 2) of volgt deze opleiding',
      'Je bent betrokken, geduldig en betrouwbaar',
      'Je bent flexibel inzetbaar, ook in het weekend',
    ],
    aanbod: [
      'Een contract voor bepaalde tijd',
      'Mogelijkheid om door te groeien naar Verzorgende IG via een leerwerktraject',
      'Een salaris volgens de CAO VVT',
    ],
  },
  facilitair: {
    key: 'facilitair',
    titles: ['Facilitair medewerker', 'Medewerker huishouding en voeding', 'Gastvrouw/gastheer restaurant'],
    branch: 'vvt',
    education: 'MBO 1-2',
    cao: 'CAO VVT',
    scale: 'FWG 15',
    intro: 'Zorg gaat verder dan zorg alleen. Onze facilitaire medewerkers zorgen voor een schone, gastvrije en veilige woonomgeving.',
    taken: [
      'Je verzorgt de maaltijden en serveert in het restaurant',
      'Je houdt de appartementen en algemene ruimtes schoon volgens de hygiënerichtlijnen',
      'Je helpt bij de was en de linnenvoorziening',
      'Je bent een vriendelijk aanspreekpunt voor bewoners en bezoekers',
    ],
    eisen: [
      'Je hebt ervaring in de horeca, schoonmaak of facilitaire dienstverlening',
      'Je hebt een HACCP-certificaat of bent bereid dat te halen',
      'Je bent gastvrij en werkt nauwkeurig',
    ],
    aanbod: [
      'Een salaris volgens de CAO VVT',
      'Een eindejaarsuitkering',
      'Werktijden die goed te combineren zijn met thuis',
    ],
  },
  jeugdzorg: {
    key: 'jeugdzorg',
    titles: ['Jeugdzorgwerker', 'Ambulant hulpverlener jeugd', 'Groepsleider jeugdzorg'],
    branch: 'jeugdzorg',
    education: 'HBO Social Work of Pedagogiek, SKJ-registratie',
    cao: 'Cao Jeugdzorg',
    scale: 'schaal 8',
    intro: 'Wij bieden hulp aan gezinnen waar het even niet lukt. Jij helpt ouders en jongeren weer regie te nemen.',
    taken: [
      'Je begeleidt gezinnen thuis bij opvoed- en gedragsproblemen',
      'Je stelt samen met het gezin een hulpverleningsplan op en evalueert dat',
      'Je schat veiligheid in volgens de Meldcode huiselijk geweld en kindermishandeling',
      'Je werkt samen met het sociaal wijkteam, school en de jeugdarts',
    ],
    eisen: [
      'Je hebt een hbo-opleiding in het sociaal domein',
      'Je bent SKJ-geregistreerd',
      'Je hebt kennis van oplossingsgericht werken en systeemgericht werken',
      'Je hebt een rijbewijs B',
    ],
    aanbod: [
      'Een salaris volgens de Cao Jeugdzorg',
      'Intervisie en supervisie voor je herregistratie',
      'Een laptop en telefoon',
    ],
  },
  sociaalWerker: {
    key: 'sociaalWerker',
    titles: ['Sociaal werker', 'Sociaal werker wijkteam', 'Opbouwwerker'],
    branch: 'sociaal-werk',
    education: 'HBO Social Work',
    cao: 'Cao Sociaal Werk',
    scale: 'schaal 8',
    intro: 'In het wijkteam werk je samen met inwoners aan vragen over wonen, werk, schulden en zorg.',
    taken: [
      'Je voert keukentafelgesprekken en brengt hulpvragen in kaart',
      'Je ondersteunt inwoners bij schulden, eenzaamheid en opvoedvragen',
      'Je verbindt inwoners met vrijwilligers en voorzieningen in de buurt',
      'Je werkt outreachend en signaleert problemen vroegtijdig',
    ],
    eisen: [
      'Je hebt een afgeronde hbo-opleiding Social Work',
      'Je bent geregistreerd in het Registerplein of bereid je te registreren',
      'Je hebt kennis van de Wmo en de Participatiewet',
    ],
    aanbod: [
      'Een salaris volgens de Cao Sociaal Werk',
      'Een jaarcontract met uitzicht op vast',
      'Hybride werken en een mobiliteitsbudget',
    ],
  },
  verpleegkundigeGgz: {
    key: 'verpleegkundigeGgz',
    titles: ['Verpleegkundige GGZ', 'Sociaal psychiatrisch verpleegkundige', 'Verpleegkundige FACT-team'],
    branch: 'ggz',
    education: 'HBO-V of MBO 4 Verpleegkunde, BIG-registratie',
    cao: 'Cao GGZ',
    scale: 'FWG 50',
    intro: 'Ons FACT-team ondersteunt mensen met ernstige psychiatrische aandoeningen in hun eigen omgeving.',
    taken: [
      'Je begeleidt cliënten met psychotische en bipolaire stoornissen thuis',
      'Je monitort medicatie, somatiek en bijwerkingen',
      'Je signaleert crisissen tijdig en handelt volgens het signaleringsplan',
      'Je werkt herstelgericht samen met ervaringsdeskundigen',
    ],
    eisen: [
      'Je bent verpleegkundige met een BIG-registratie',
      'Je hebt affiniteit met psychiatrie en ambulante hulpverlening',
      'Je hebt een rijbewijs B',
    ],
    aanbod: [
      'Een salaris volgens de Cao GGZ',
      'Scholing in motiverende gespreksvoering',
      'Een vast contract na een jaar',
    ],
  },
};
