"""English resources."""

TIMEZONE = None  # English-language outlets are everywhere; the default_timezone setting decides.
BACK_TO_TOP = ("Back to top", "Back to Top", "Return to top", "Top of page")
#: "(Photo: VNA)", "(Photo by Kim Min-su)".
PHOTO_CREDIT = ("Photo", "Photos", "Photo by", "Image", "Credit", "File photo", "Source")

STOPWORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "according", "would", "also", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "new", "year", "years", "day", "days", "week", "month", "time", "first", "last", "many", "much", "mr", "ms", "mrs", "dr", "per", "cent", "percent", "including", "since", "among", "however", "still", "well", "like", "may", "might", "must", "shall", "via", "yesterday", "today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"])

#: Words that, right before a name, make it a person ("Chairman Le Quoc Minh").
PERSON_TITLES = (
    "Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Prof.", "Professor", "President", "Vice President",
    "Prime Minister", "Deputy Prime Minister", "Minister", "Deputy Minister", "Vice Minister", "Chairman",
    "Chairwoman", "Chair", "Vice Chairman", "Secretary", "General Secretary", "Ambassador", "Governor", "Mayor",
    "Director", "Director General", "General", "Senator", "Governor", "spokesman", "spokeswoman", "spokesperson",
    "Editor-in-Chief", "CEO", "coach", "Coach", "Chief Executive", "Premier", "King", "Queen", "Sir", "reporter",
    "correspondent", "striker", "midfielder", "Chief", "Head", "head", "Justice", "Judge", "Lawmaker", "lawmaker",
    "Rep.", "Sen.", "Gen.",
)
#: Words that end an organisation's name ("Journalists Association", "Samsung Electronics").
ORG_WORDS = (
    "Association", "Ministry", "Department", "Company", "Co.", "Corp.", "Corporation", "Group", "Bank", "University",
    "Agency", "Council", "Committee", "Party", "Newspaper", "Television", "TV", "Broadcasting", "Electronics",
    "News", "Times", "Daily", "Ilbo", "Post", "Herald", "Office", "Federation", "Union", "Commission",
    "Organization", "Organisation", "Institute", "Foundation", "Fund", "Motors", "Airlines", "Assembly",
    "Parliament", "Court", "Police", "Army", "Navy", "Club", "FC", "Inc.", "Ltd", "Ltd.", "Holdings", "Industries",
    "Exchange", "Authority", "Service", "Press", "Network", "Forum", "Centre", "Center", "Academy", "School",
    "Hospital", "Bureau", "Administration", "Secretariat", "Alliance", "Chamber", "Society", "Team", "Media",
    "Telecom", "Energy", "Steel", "Chemical", "Securities", "Semiconductor", "Technologies", "Technology", "Labs",
)
ORG_HEADS = ("Ministry of", "Department of", "University of", "Bank of", "Association of", "Federation of",
             "Office of", "Committee of", "Council of", "Institute of", "Academy of", "Embassy of", "Museum of")
#: Words before a place ("in Da Nang", "Quang Nam province").
PLACE_BEFORE = ("in", "at", "from", "near", "to", "across", "outside", "inside", "around")
PLACE_AFTER = ("province", "Province", "city", "City", "district", "District", "county", "County", "region",
               "island", "Island", "river", "River", "airport", "Airport", "port", "Port", "Stadium", "stadium",
               "Square", "Bay", "Street")
#: Capitalised words that are never names on their own.
NOT_NAMES = frozenset(["The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "In", "On", "At", "For", "From", "By", "With", "After", "Before", "During", "Under", "Over", "Among", "Between", "Meanwhile", "However", "But", "And", "Or", "If", "When", "While", "As", "Also", "Last", "Next", "First", "Second", "Third", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "According", "Addressing", "Participants", "Representatives", "Discussions", "Cooperation", "Each", "Both", "Officials", "Executives", "Experts", "Weighing", "During", "Under", "Some", "Many", "Most", "Other", "Another", "Such", "No", "Not", "Yes", "There", "Here", "What", "Which", "Who", "Whom", "Why", "How", "Mr", "Ms", "Mrs", "Dr", "AI", "Photo", "Source", "Update", "Read", "More"])

#: Verbs that report speech; a quote's speaker is looked for around them.
SPEECH_VERBS = (
    "said", "says", "say", "told", "stated", "added", "noted", "stressed", "emphasised", "emphasized", "explained",
    "announced", "declared", "warned", "urged", "insisted", "argued", "believed", "believes", "expressed the hope",
    "expressed hope", "hoped", "affirmed", "confirmed", "remarked", "commented", "underlined", "highlighted",
    "pointed out", "asserted", "claimed", "acknowledged", "admitted", "wrote", "reported", "expected",
)
#: Words introducing the reported content ("said that ...").
REPORT_LINKS = ("that",)
ACCORDING_TO = ("according to", "According to")
PRONOUNS = ("he", "she", "He", "She", "they", "They")

#: Romanised Korean surnames as English-language news writes them (Kim Do-hyun, Lee Jae-myung); the Vietnamese
#: and Chinese ones come from ``lang.vi.SURNAMES`` (accents folded) and pinyin of ``lang.names.CHINESE_SURNAMES``.
KOREAN_SURNAMES_LATIN = ("Kim", "Lee", "Yi", "Rhee", "Park", "Pak", "Choi", "Choe", "Jung", "Jeong", "Chung", "Kang", "Cho", "Jo", "Yoon", "Yun", "Jang", "Chang", "Lim", "Im", "Han", "Oh", "Seo", "Suh", "Shin", "Sin", "Kwon", "Hwang", "Ahn", "An", "Song", "Yoo", "Yu", "Ryu", "Hong", "Jeon", "Chun", "Ko", "Koh", "Go", "Moon", "Mun", "Yang", "Son", "Sohn", "Bae", "Baek", "Paik", "Heo", "Huh", "Nam", "Sim", "Shim", "Noh", "Roh", "Ha", "Kwak", "Sung", "Seong", "Cha", "Joo", "Ju", "Woo", "Koo", "Ku", "Min", "Jin", "Na", "Ji", "Um", "Eom", "Chae", "Won", "Bang", "Gong", "Kong", "Hyun", "Ham", "Byun", "Byeon", "Yeom", "Yeo", "Choo", "Chu", "Do", "So", "Seok", "Suk", "Sun", "Seol", "Ma", "Gil", "Yeon", "Wi", "Pyo", "Myung", "Ki", "Ban", "Wang", "Geum", "Ok", "Yuk", "Maeng", "Je", "Mo", "Tak", "Kook", "Eo", "Eun", "Yong", "Ye", "Kyung", "Bong", "Sa", "Bu", "Hur", "Rim", "Rho", "Youn", "Chong")
