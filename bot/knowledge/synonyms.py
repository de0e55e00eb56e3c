"""A small general-purpose list of English word variants for lexical search.

People ask with their own words ("buy", "car", "kid") where a document uses others
("purchase", "vehicle", "child"). Two lists bridge the commonest of those gaps:

- `SPELLINGS`: British and American spellings of the same word, folded onto one form on
  both sides (documents and questions), so they match as if written alike.
- `GROUPS`: words that mean nearly the same in everyday use, one group a line. A question
  is expanded with the other words of its words' groups, weighted below the words it
  actually used (see `bm25.EXPANSION_WEIGHT`).

Both are hand-written from common thesaurus entries of everyday English (work, home,
travel, money, health, food) and deliberately small: no word list of a particular document
set, no domain jargon. A word may sit in more than one group. Add a group only when its
words are interchangeable in most sentences; a loose group costs precision everywhere.
"""

from __future__ import annotations

_SPELLINGS = """
colour color | favourite favorite | centre center | metre meter | litre liter
kilometre kilometer | tyre tire | programme program | licence license | organise organize
travelling traveling | travelled traveled | cancelled canceled | neighbour neighbor
odour odor | labour labor | defence defense | grey gray | realise realize
apologise apologize | catalogue catalog | analyse analyze | jewellery jewelry | mum mom
yoghurt yogurt | behaviour behavior | cosy cozy | honour honor | humour humor | mould mold
pyjamas pajamas | practise practice | enrol enroll | fulfil fulfill | dialogue dialog
judgement judgment | ageing aging | sceptical skeptical | theatre theater | fibre fiber
flavour flavor | savour savor | harbour harbor | aluminium aluminum | cheque check
recognise recognize | minimise minimize | maximise maximize | prioritise prioritize
authorise authorize | summarise summarize | criticise criticize | emphasise emphasize
"""

_GROUPS = """
buy purchase order
sell resell
car vehicle automobile
salary pay wage wages earnings income paycheck
job work employment occupation
holiday vacation
sick ill unwell illness sickness
doctor physician gp
house home
flat apartment
child kid kids children son daughter
parent mother father mom dad
die died death dead deceased
begin start commence
end finish complete
big large huge
small little tiny
fast quick quickly rapid speedy
slow sluggish
cost price fee charge
cheap inexpensive affordable
expensive costly pricey
help assist support aid
fix repair mend
broken faulty defective damaged
phone smartphone mobile cellphone telephone
computer laptop pc notebook
boss manager lead supervisor
employee staff worker colleague personnel
gift present
guarantee warranty
bike bicycle cycle
taxi cab
shop store
trip journey travel
meal food
hotel accommodation lodging
receipt invoice bill
yearly annual annually
choose select pick
ask request
allow permit
forbid prohibit ban
rule policy regulation guideline
problem issue fault trouble
hot warm
cold chilly freezing frost
screen monitor display
film movie
photo picture image
clothes clothing
wash clean rinse
fridge refrigerator
bin trash rubbish garbage
injury wound hurt
medicine medication drug
quit resign
hire recruit employ
subway underground metro tube
train rail railway
downtown centre
tip gratuity
leak drip
loud noisy
smell odour
garden yard
bug insect pest
loan debt borrowing
retire retirement pension
rent lease rental
move relocate relocation moving
refund reimburse reimbursement repay
expense expenditure spending
allowance subsidy stipend
mistake error
course class training
oven stove
dinner supper
sofa couch
street road
rubbish waste
mail post
newbie newcomer beginner
reply answer respond response
compulsory mandatory obligatory required
deliver delivery ship shipping
country nation
"""


def _pairs(text: str) -> list[list[str]]:
    return [pair.split() for line in text.strip().splitlines() for pair in line.split("|")]


SPELLINGS: dict[str, str] = {
    variant: words[0] for words in _pairs(_SPELLINGS) for variant in words[1:]
}
GROUPS: list[tuple[str, ...]] = [tuple(line.split()) for line in _GROUPS.strip().splitlines()]
