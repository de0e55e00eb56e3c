"""Compose `composed.tsv`, the intent router's wider training phrases, from hand-written parts.

Each label has templates (the ways people ask) and fillers (what they ask about), all written
for this bot; a seeded sample of their combinations, a few typos and a share of phrases in
French, German, Spanish, Russian, Portuguese and Italian make the file. Fillers are shared
between labels ("buy milk" is a reminder, a task or a note depending on the verb), so the model
learns the request, not the errand.

Run `python bot/data/intents/compose.py` after editing; `--check` fails if the file is stale.
"""

from __future__ import annotations

import itertools
import random
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

OUTPUT = Path(__file__).with_name("composed.tsv")
SEED = Path(__file__).with_name("seed.tsv")
PER_TEMPLATE = 6
TYPO_SHARE = 0.07

# ---------------------------------------------------------------------------------------------
# Fillers
# ---------------------------------------------------------------------------------------------

ACTS = [
    "call mom", "buy milk", "pay the rent", "water the plants", "take my pills", "feed the cat",
    "email the landlord", "book the dentist", "pick up the kids", "renew my passport",
    "send the invoice", "walk the dog", "do the laundry", "clean the kitchen", "call the bank",
    "submit my timesheet", "order printer ink", "return the library books", "check the oven",
    "stretch", "drink some water", "go to the gym", "charge my phone", "take out the trash",
    "back up my laptop", "prepare the slides", "fix the bike", "book flights to lisbon",
    "cancel netflix", "text sara back", "reply to john", "buy a birthday gift for anna",
    "pick up the dry cleaning", "file my taxes", "update my cv", "call the plumber",
    "mow the lawn", "buy oat milk", "get groceries", "wash the car", "change the bed sheets",
    "pay the electricity bill", "call grandma", "send flowers to aunt mary", "buy dog food",
    "book a table for friday", "check my emails", "join the zoom call", "leave for the airport",
    "move the car", "put the bins out", "defrost the chicken", "pack my gym bag", "read chapter 4",
    "finish the report", "sign the contract", "print the tickets", "vacuum the living room",
    "clean the windows", "buy batteries", "repair the fence", "call the insurance company",
    "renew the car registration", "ring the vet", "post the parcel", "buy stamps", "meditate",
    "study spanish", "practice piano", "go for a run", "make the doctor appointment",
    "pick up my prescription", "lock the back door", "turn off the heating", "buy bread",
    "order a new charger", "clean the fridge", "pay the credit card", "transfer money to tom",
]
GROCERIES = [
    "oat milk", "bread", "eggs", "bananas", "coffee", "rice", "apples", "soap", "toilet paper",
    "cheese", "butter", "pasta", "tomatoes", "onions", "yogurt", "olive oil", "dish soap",
    "cat food", "orange juice", "spinach", "chicken", "tea bags", "flour", "garlic",
]
WHEN = [
    "tomorrow", "tonight", "at 5pm", "tomorrow at 9", "on friday", "next monday at 10am",
    "in 20 minutes", "in an hour", "at noon", "this evening", "on the 15th", "at 18:30",
    "after work", "in 2 hours", "on monday morning", "at 7 tomorrow morning", "next week",
    "on 3 march", "in 10 mins", "at 8:15", "on sunday", "later today", "at 4 this afternoon",
    "in half an hour", "tmrw at 11", "on saturday at 10", "before midnight", "at 6.30 am",
    "on 2026-09-01", "next thursday", "in 45 minutes", "at 9 sharp", "on wednesday at 3",
    "in 3 days", "first thing tomorrow", "by end of day", "at lunchtime", "on tuesday evening",
]
CLOCK = [
    "6:30", "7am", "10am", "4pm", "8:45", "noon", "9", "17:00", "5:15 pm", "11", "7:30",
    "midnight", "3pm", "half past six", "quarter to nine", "14:30", "6", "8am", "21:00",
]
DAYS = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow",
    "next week", "the 12th", "next friday", "thursday morning", "monday afternoon",
]
DAYREF = [
    "today", "tomorrow", "tonight", "this week", "next week", "this weekend", "friday",
    "on friday afternoon", "monday morning", "on the 12th", "next tuesday", "later today",
    "this afternoon", "thursday evening", "on saturday", "the day after tomorrow", "this month",
    "tomorrow morning", "wednesday", "next weekend", "sunday", "in the morning", "at 3",
]
PERIODS = [
    "day", "morning", "evening", "monday", "weekday", "week", "friday", "2 hours", "hour",
    "month", "sunday night", "other tuesday", "30 minutes", "night",
]
DURATIONS = [
    "5 min", "10 minutes", "an hour", "15m", "30 mins", "1h", "2 hours", "20 minutes",
    "until tomorrow", "till 6", "until after lunch", "a bit", "half an hour",
]
REMINDER_TOPICS = [
    "standup", "vitamin", "water", "gym", "medicine", "rent", "bins", "plants", "pills",
    "morning", "daily", "weekly report", "laundry", "dentist", "passport", "stretching", "cat",
]
EVENTS = [
    "the dentist", "the team sync", "my 1:1 with sam", "the standup meeting", "lunch with sara",
    "the board review", "dinner with my parents", "my haircut", "yoga class", "the client call",
    "the sprint demo", "the doctor's appointment", "the interview", "coffee with tom",
    "the offsite", "parents' evening", "the quarterly review", "the budget meeting",
    "the kickoff", "the vet appointment", "piano lesson", "the retro", "the workshop",
    "the all hands", "drinks with the team", "the school play", "the physio session",
]
NEW_EVENTS = [
    "dentist", "team sync", "lunch with sara", "dinner with jo", "haircut", "yoga", "client call",
    "sprint demo", "doctor appointment", "interview with acme", "coffee with tom",
    "board meeting", "parent teacher meeting", "football practice", "book club",
    "date night", "vet appointment", "flight to paris", "concert", "birthday party at anna's",
    "1:1 with my manager", "standup", "physio", "driving lesson", "wedding rehearsal",
    "team lunch", "car service appointment", "job interview", "webinar", "tennis with max",
]
CITIES = [
    "tokyo", "berlin", "new york", "london", "paris", "sydney", "mumbai", "são paulo",
    "los angeles", "singapore", "dubai", "toronto", "chicago", "madrid", "moscow", "bangkok",
    "cape town", "mexico city", "seoul", "lisbon", "nairobi", "auckland", "istanbul", "delhi",
    "hong kong", "denver", "vancouver", "buenos aires", "warsaw", "kyiv", "manila", "lagos",
    "san francisco", "amsterdam", "rome", "helsinki", "honolulu", "boston", "jakarta", "cairo",
]
ZONES = [
    "UTC+5:30", "UTC-3", "GMT+1", "CET", "PST", "EST", "Europe/Berlin", "America/New_York",
    "Asia/Kolkata", "UTC", "GMT", "utc+2", "utc -5", "Asia/Tokyo", "Australia/Sydney", "CEST",
    "pacific time", "eastern time", "central european time", "GMT-8", "UTC+10", "IST", "BST",
]
NOTE_TOPICS = [
    "the locker", "the wifi", "the gate code", "the car insurance", "the trip", "the project",
    "the recipe", "passwords", "the meeting", "books to read", "gift ideas", "the apartment",
    "the garden", "my bike", "the party", "the budget", "the kids' school", "the landlord",
    "the plumber", "the hotel", "the conference", "the alarm code", "parking", "the boiler",
    "restaurants", "the vacation", "the new job", "the printer", "the dog", "movies to watch",
]
FACTS = [
    "the wifi password is hunter2", "my locker is 214", "the gate code is 4521",
    "sarah prefers tea", "the spare key is under the mat", "my parking spot is B12",
    "the plumber is called dave", "mom's flight lands at 4:10", "the printer needs toner",
    "kim's birthday is 12 june", "my shoe size is 43", "the boiler was serviced in may",
    "the hotel is on 5th avenue", "the alarm code is 7788", "ben is allergic to peanuts",
    "the bike lock combination is 3141", "my passport expires in 2028",
    "the tax id is 556-22-1234", "the meeting room code is 1234", "the car needs new tyres",
    "the neighbours' cat is called biscuit", "the landlord's number is 555 0142",
    "the recycling goes out on tuesdays", "the blue folder is in the attic",
    "tom owes me 20 euros", "the vet said half a tablet twice a day",
    "the thai place on 3rd street is great", "my blood type is 0+", "the garage door code is 0909",
    "the conference badge pickup is at gate b",
]
LIST_IDEAS = [
    "party ideas - balloons, cake, fairy lights", "gift ideas: a scarf, a novel, headphones",
    "books to read: dune, piranesi, the overstory", "packing list: passport, charger, adapter",
    "recipe: 2 eggs, 100g flour, a cup of milk", "names for the dog: pepper, luna, max",
    "movies to watch: heat, arrival, amelie", "podcast idea: gardening for beginners",
    "questions for the landlord: heating, deposit, parking", "trip ideas: porto, split, ghent",
    "meeting notes - budget approved, hiring paused", "things to fix: tap, hinge, shelf",
    "date ideas: picnic, museum, cooking class", "garden plan: tomatoes, basil, sunflowers",
]
DOCS = [
    "employee handbook", "travel policy", "expense policy", "security guide", "onboarding guide",
    "faq", "remote work policy", "code of conduct", "benefits guide", "it handbook",
    "customer terms", "warranty document", "style guide", "safety manual", "leave policy",
]
POLICY_TOPICS = [
    "overtime", "parental leave", "sick days", "per diem", "working from home", "expenses",
    "business class flights", "laptop replacement", "the dress code", "holidays",
    "the training budget", "passwords", "refunds", "returns", "shipping times", "the pension",
    "health insurance", "bonuses", "notice periods", "jury duty", "bereavement leave",
    "the probation period", "home office equipment", "client gifts", "mileage",
]
POLICIES = [
    "travel policy", "expense policy", "vacation policy", "remote work policy", "refund policy",
    "return policy", "sick leave policy", "parental leave policy", "dress code",
    "password policy", "security policy", "per diem rate", "bonus scheme", "pension plan",
    "holiday calendar", "on-call policy", "overtime rule", "training budget",
    "equipment allowance", "meal allowance", "hotel budget", "notice period",
    "warranty policy", "shipping policy", "cancellation policy", "code of conduct",
]
COUNTABLES = [
    "vacation days do we get", "sick days do we have", "days can i work remotely",
    "days of parental leave are there", "public holidays do we get this year",
    "days notice do i need to give", "hours is the standard work week",
    "days do i have to submit expenses", "monitors can i expense", "training days do we get",
    "days does a refund take", "days is the return window", "people can join the team lunch",
    "bereavement days are allowed", "weeks is the probation period",
]
APPS = [
    "outlook", "google calendar", "slack", "notion", "trello", "jira", "teams", "my iphone",
    "android", "todoist", "evernote", "onenote", "gmail", "excel", "alexa", "siri", "whatsapp",
    "apple notes", "microsoft to do", "asana",
]
APP_ACTIONS = [
    "set a reminder", "create a task", "share a note", "add an event", "make a recurring meeting",
    "change the time zone", "export my tasks", "turn off notifications", "snooze an email",
    "set up a to-do list", "sync my calendar", "delete a note", "mark a task complete",
    "invite someone to a meeting", "search my notes", "set an alarm",
]
OUR_ACTIONS = [
    "set a reminder", "cancel a reminder", "snooze a reminder", "add a task", "mark a task done",
    "delete a note", "search my notes", "add an event", "see my calendar", "change my timezone",
    "set my time zone", "export my data", "delete my data", "link telegram and slack",
    "turn on the daily agenda", "make a repeating reminder", "upload a document",
    "ask about my documents", "get a phone call for urgent reminders", "stop the calls",
    "rsvp to an event", "edit a note", "move an event", "see my tasks", "list my reminders",
    "tick off a task", "save a note", "change a reminder", "import a calendar", "add my phone",
    "use you", "get started", "turn off the agenda", "set a recurring task", "pause reminders",
]
FEATURES = [
    "reminders", "tasks", "notes", "events", "the calendar", "snooze", "the agenda",
    "time zones", "recurring reminders", "the to-do list", "documents", "voice calls", "search",
    "the buttons", "linking accounts", "data export", "shopping lists", "phone calls",
]
GREETINGS = ["hi", "hello", "hey", "hiya", "yo", "good morning", "morning", "evening", "hey nudge"]
CHAT = [
    "how are you", "how's it going", "what's up", "how's your day", "how are things",
    "hope you're well", "long time no see", "how have you been",
]
THANKS = ["thanks", "thank you", "thx", "cheers", "many thanks", "ty", "thanks a lot"]
ACKS = [
    "that's great", "perfect", "awesome", "nice one", "lovely", "got it", "all good",
    "that helps", "you're a star", "brilliant", "cool", "good stuff",
]
BYES = ["bye", "see you", "good night", "talk later", "have a good one", "take care", "ciao"]

# ---------------------------------------------------------------------------------------------
# Templates per label: each `{slot}` takes a filler list; a template without slots is a phrase.
# ---------------------------------------------------------------------------------------------

SLOTS: dict[str, Sequence[str]] = {
    "act": ACTS,
    "item": GROCERIES,
    "when": WHEN,
    "clock": CLOCK,
    "day": DAYS,
    "dayref": DAYREF,
    "period": PERIODS,
    "dur": DURATIONS,
    "rtopic": REMINDER_TOPICS,
    "event": EVENTS,
    "newevent": NEW_EVENTS,
    "city": CITIES,
    "zone": ZONES,
    "topic": NOTE_TOPICS,
    "fact": FACTS,
    "ideas": LIST_IDEAS,
    "doc": DOCS,
    "ptopic": POLICY_TOPICS,
    "policy": POLICIES,
    "count": COUNTABLES,
    "app": APPS,
    "appaction": APP_ACTIONS,
    "ours": OUR_ACTIONS,
    "feature": FEATURES,
    "greet": GREETINGS,
    "chat": CHAT,
    "thanks": THANKS,
    "ack": ACKS,
    "bye": BYES,
    "n": [str(n) for n in range(1, 13)],
}

TEMPLATES: dict[str, list[str]] = {
    "reminders": [
        "remind me to {act} {when}", "remind me {when} to {act}", "{when} remind me to {act}",
        "set a reminder to {act} {when}", "reminder: {act} {when}", "reminder {when} {act}",
        "can you remind me to {act} {when}", "please remind me to {act} {when}",
        "could you remind me {when} to {act}", "don't let me forget to {act} {when}",
        "dont let me forget to {act}", "ping me {when} to {act}", "nudge me {when} to {act}",
        "alert me {when} to {act}", "make sure i {act} {when}", "i need a reminder to {act}",
        "i need to remember to {act} {when}", "remember to remind me to {act}",
        "in {n} minutes {act}", "in {n} hours {act}", "in {n} min remind me to {act}",
        "at {clock} remind me to {act}", "remind me at {clock} to {act}",
        "set a reminder for {clock} to {act}", "new reminder {act} {when}",
        "create a reminder: {act} {when}", "add a reminder to {act} {when}",
        "hey, remind me to {act}", "pls remind me {act} {when}", "remind me abt {act} {when}",
        "wake me up at {clock}", "wake me at {clock} tomorrow", "set an alarm for {clock}",
        "alarm at {clock} please", "set alarm {clock}", "wake me up {when}",
        "get me up at {clock}", "i need to be up at {clock}, wake me", "alarm for {clock} tomorrow",
        "every {period} remind me to {act}", "remind me every {period} to {act}",
        "remind me to {act} every {period}", "every {day} at {clock} remind me to {act}",
        "each {period} at {clock} {act}", "daily reminder at {clock} to {act}",
        "set a weekly reminder to {act}", "set a recurring reminder to {act} every {period}",
        "what reminders do i have {dayref}", "show my reminders for {dayref}",
        "any reminders {dayref}?", "which reminders are set for {dayref}",
        "cancel reminder {n}", "delete reminder {n}", "remove reminder {n}",
        "cancel the {rtopic} reminder", "delete the {rtopic} reminder",
        "get rid of the {rtopic} reminder", "stop reminding me to {act}",
        "stop the {rtopic} reminder", "turn off the {rtopic} reminder",
        "pause the {rtopic} reminder", "pause reminder {n}", "resume the {rtopic} reminder",
        "unpause the {rtopic} reminder", "mute the {rtopic} reminder for a week",
        "i don't need the {rtopic} reminder anymore", "snooze {dur}", "snooze for {dur}",
        "snooze it {dur}", "snooze that for {dur}", "snooze the {rtopic} reminder",
        "remind me again in {dur}", "ask me again in {dur}", "remind me about that in {dur}",
        "move reminder {n} to {clock}", "change reminder {n} to {clock}",
        "move the {rtopic} reminder to {clock}", "change the {rtopic} reminder to {clock}",
        "push reminder {n} to {day}", "reschedule reminder {n} to {day} at {clock}",
        "make reminder {n} {clock} instead", "set reminder {n} to {clock}",
        "move my {clock} reminder to {clock}", "reminder {n} should be at {clock}",
        "mark reminder {n} done", "reminder {n} done", "edit reminder {n}: {act}",
        "rename reminder {n} to {act}",
    ],
    "tasks": [
        "add task {act}", "add a task to {act}", "add {act} to my tasks",
        "add {act} to my todo list", "add {act} to my to-do list", "put {act} on my list",
        "put {act} on my to do list", "todo: {act}", "todo {act}", "to-do: {act} {when}",
        "new task: {act}", "new todo {act}", "task: {act}", "task {act} {when}",
        "create a task to {act}", "make a task to {act} {when}", "add to do {act}",
        "i need to {act}, add it to my tasks", "i have to {act}, put that on my list",
        "add task {act} every {day}", "add task {act} by {day}", "add task {act} due {day}",
        "todo {act} by {day}", "task for {day}: {act}", "add a recurring task to {act}",
        "add task {act} every {period}", "put {act} on my todo for {day}",
        "add {item} to my shopping list", "add {item} and {item} to the shopping list",
        "shopping list: {item}, {item}, {item}", "we need {item}, add it to the list",
        "groceries: {item} and {item}", "add {item} to groceries", "put {item} on the list",
        "buy {item} - add to my list", "add to list {item}",
        "what's on my todo list", "what's on my to-do list {dayref}", "show my tasks",
        "list my tasks", "what tasks do i have {dayref}", "my tasks for {dayref}",
        "what do i need to do {dayref}", "what do i still have to do",
        "what's left on my to do list", "which tasks are due {dayref}",
        "show overdue tasks", "open tasks {dayref}", "what's pending {dayref}",
        "how many tasks are left", "anything left on my list?", "what should i do next",
        "done {n}", "done with {n}", "finished {n}", "task {n} done", "mark task {n} done",
        "mark task {n} as complete", "complete task {n}", "check off task {n}",
        "tick off task {n}", "cross off task {n}", "cross off {act}", "tick off {act}",
        "check off {act}", "mark {act} as done", "mark {act} done", "{act} is done",
        "{act} done", "i did {act}", "i finished {act}, check it off",
        "finished: {act}", "completed {act}", "done with {act}",
        "delete {act}", "delete task {n}", "remove task {n}", "remove {act} from my list",
        "drop the {act} task", "delete {act} from my todo", "take {act} off my list",
        "clear completed tasks", "clear my finished todos",
        "rename task {n} to {act}", "change task {n} to {act}", "edit task {n}: {act}",
        "move task {n} to {day}", "set task {n} due {day}", "make task {n} due {day}",
        "postpone task {n} to {day}", "task {n} is high priority",
        "set priority of task {n} to high", "reopen task {n}", "undo done {n}",
        "un-tick task {n}", "mark task {n} not done",
    ],
    "notes": [
        "note: {fact}", "note {fact}", "note that {fact}", "note to self: {fact}",
        "make a note that {fact}", "take a note: {fact}", "write down that {fact}",
        "write this down: {fact}", "jot down: {fact}", "jot down that {fact}",
        "jot this down {fact}", "jot down: {ideas}", "note: {ideas}", "new note {ideas}",
        "save a note: {ideas}", "write down {ideas}", "idea: {ideas}", "memo: {fact}",
        "remember that {fact}", "please remember that {fact}", "remember this: {fact}",
        "remember {fact}", "keep in mind that {fact}", "save this: {fact}",
        "save a note that {fact}", "store this: {fact}", "keep a note: {fact}",
        "add a note: {fact}", "new note: {fact}", "for future reference, {fact}",
        "fyi for later: {fact}", "note down {fact}", "make a note of this: {fact}",
        "find my notes about {topic}", "find my note on {topic}", "search my notes for {topic}",
        "search notes {topic}", "what did i write about {topic}",
        "what did i note about {topic}", "what did i save about {topic}",
        "do i have a note about {topic}", "do i have notes on {topic}",
        "show me the note about {topic}", "open my note about {topic}",
        "look up my notes on {topic}", "where did i write down {topic}",
        "what was in my note about {topic}", "pull up my notes on {topic}",
        "what do my notes say about {topic}", "notes about {topic}?", "my notes on {topic}",
        "anything in my notes about {topic}?", "what did i jot down about {topic}",
        "read me my note on {topic}", "which note mentions {topic}",
        "show note {n}", "open note {n}", "read note {n}", "delete note {n}", "remove note {n}",
        "delete the note about {topic}", "delete my {topic} note", "erase note {n}",
        "edit note {n}: {fact}", "update note {n}: {fact}", "append to note {n}: {fact}",
        "add to note {n}: {fact}", "change note {n} to {fact}", "pin note {n}",
        "rename note {n} to {topic}", "update my note about {topic}",
    ],
    "events": [
        "{newevent} {day} at {clock}", "{newevent} on {day} at {clock}",
        "add event {newevent} on {day} at {clock}", "add {newevent} to my calendar {day}",
        "put {newevent} on my calendar for {day} {clock}", "schedule {newevent} {day} at {clock}",
        "book {newevent} for {day} at {clock}", "i have {newevent} on {day} at {clock}",
        "new event: {newevent} {day} {clock}", "event: {newevent} {day} at {clock}",
        "calendar: {newevent} {day} {clock}", "create an event for {newevent} on {day}",
        "add an appointment: {newevent} {day} at {clock}", "{newevent} {day} {clock} for 1h",
        "{newevent} next {day} from {clock} to {clock}", "block {day} {clock} for {newevent}",
        "add {newevent} every {day} at {clock} to the calendar",
        "what do i have {dayref}", "am i free {dayref}", "am i busy {dayref}",
        "anything on {dayref}?", "what's on {dayref}", "what's on my calendar {dayref}",
        "do i have anything {dayref}", "what's my schedule {dayref}", "my schedule {dayref}",
        "what's happening {dayref}", "any meetings {dayref}?", "do i have meetings {dayref}",
        "what's planned for {dayref}", "what have i got on {dayref}", "agenda {dayref}",
        "what's my agenda for {dayref}", "show my calendar for {dayref}",
        "what appointments do i have {dayref}", "events {dayref}", "is {dayref} free?",
        "can i fit something in {dayref}", "when am i free {dayref}",
        "anything booked {dayref}?", "how busy am i {dayref}", "when is {event}",
        "what time is {event}", "where is {event}", "when's {event} again",
        "what's next on my calendar", "what's my next meeting", "next appointment?",
        "cancel my {clock}", "cancel my {clock} meeting", "cancel {event}", "call off {event}",
        "cancel {event} on {day}", "delete event {n}", "cancel event {n}",
        "remove {event} from my calendar", "i can't make {event}, cancel it",
        "clear my calendar {dayref}", "move {event} to {clock}", "move {event} to {day}",
        "push {event} to {day}", "push {event} back an hour", "bump {event} to {clock}",
        "reschedule {event} to {day} at {clock}", "move my {clock} to {clock}",
        "shift {event} by 30 minutes", "change {event} to {clock}",
        "{event} is moved to {day}", "make {event} start at {clock}",
        "move event {n} to {day}", "change event {n} to {clock}",
        "i'm going to {event}", "count me in for {event}", "i can't go to {event}",
        "rsvp yes to {event}", "decline {event}", "maybe for {event}",
        "who is coming to {event}", "export my calendar", "import my calendar file",
    ],
    "time": [
        "what time is it in {city}", "what's the time in {city}", "time in {city}",
        "time in {city}?", "what time is it in {city} right now", "current time in {city}",
        "what's the date in {city}", "what day is it in {city}", "is it night in {city} now",
        "how late is it in {city}", "tell me the time in {city}", "{city} time",
        "{city} time now", "whats the time in {city} rn", "what time is it over in {city}",
        "i live in {city}", "i'm in {city}", "i'm in {city} now", "i am in {city} this week",
        "i moved to {city}", "i just moved to {city}", "i'm based in {city}",
        "i'm currently in {city}", "i'm travelling to {city}, switch my time zone",
        "set my timezone to {city}", "set my time zone to {zone}", "my timezone is {zone}",
        "my time zone is {city}", "change my timezone to {city}", "change my time zone to {zone}",
        "switch to {city} time", "use {city} time", "use {zone}", "timezone {city}",
        "timezone: {zone}", "tz {city}", "/tz {city}", "/tz {zone}", "i'm in {zone} now",
        "i'm on {zone}", "we're on {zone} here", "update my timezone, i'm in {city}",
        "set tz to {zone}", "my zone is {zone}", "i'm {zone}",
        "what time zone is {city} in", "which timezone is {city}", "what's the timezone of {city}",
        "time difference between {city} and {city}",
        "how many hours ahead is {city}", "is {city} ahead of {city}",
        "what time will it be in {city} at {clock} here",
        "what date is next {day}", "how many days until {day}", "what's the date on {day}",
        "what day is the 1st of next month", "how many days until christmas",
        "how long until {clock}", "what's the date {dayref}",
    ],
    "smalltalk": [
        "{greet}", "{greet}!", "{greet}, {chat}?", "{greet} {chat}", "{chat}", "{chat}?",
        "{thanks}", "{thanks}!", "{thanks}, {ack}", "{ack}, {thanks}", "{ack}", "{ack}!",
        "{ack} {thanks}", "{thanks}, {bye}", "{bye}", "{bye}!", "ok {thanks}, {bye}",
        "{thanks} for the reminder", "{thanks} for remembering", "{thanks} for your help",
    ],
    "help": [
        "how do i {ours}", "how do i {ours}?", "how can i {ours}", "how to {ours}",
        "how do you {ours}", "is it possible to {ours}", "can i {ours} with you",
        "what's the command to {ours}", "what do i type to {ours}",
        "how would i {ours} here", "how should i {ours}", "where do i {ours}",
        "explain how to {ours}", "show me how to {ours}", "i want to {ours}, how?",
        "i don't know how to {ours}", "help me {ours}", "what's the syntax to {ours}",
        "help with {feature}", "help {feature}", "how does {feature} work",
        "how do {feature} work here", "tell me about {feature}", "explain {feature}",
        "can you do {feature}?", "do you support {feature}?", "do you have {feature}",
        "what can you do with {feature}", "what are {feature} for", "{feature} help",
    ],
    "question": [
        "what's our {policy}", "what is the {policy}", "what's the {policy} here",
        "tell me about the {policy}", "explain the {policy}", "summarize the {policy}",
        "where can i find the {policy}", "is there a {policy}", "how does the {policy} work",
        "what does the {doc} say about {ptopic}", "what's in the {doc} about {ptopic}",
        "according to the {doc}, what about {ptopic}", "find the part of the {doc} on {ptopic}",
        "does the {doc} mention {ptopic}", "what are the rules on {ptopic}",
        "what is our policy on {ptopic}", "who do i ask about {ptopic}",
        "who handles {ptopic}", "how does {ptopic} work at our company",
        "are we allowed {ptopic}", "what's the deal with {ptopic}", "how many {count}",
        "how do i {appaction} in {app}", "how can i {appaction} in {app}",
        "how do i {appaction} on {app}", "can {app} {appaction}", "{app}: how to {appaction}",
        "why can't i {appaction} in {app}", "is there a way to {appaction} in {app}",
    ],
}

# Phrases written out in full: the ones no template makes.
PHRASES: dict[str, list[str]] = {
    "reminders": [
        "reminders", "reminders?", "my reminders", "reminders pls", "show reminders",
        "list reminders", "upcoming reminders", "what am i being reminded about",
        "what's my next reminder", "any reminders?", 
        "snooze", "snooze that", "snooze it", "snooze pls", "snooze this one", "not now, snooze",
        "remind me later", "remind me again later", "later please, snooze",
        "pause all my reminders", "pause reminders for the weekend", "resume my reminders",
        "stop all reminders", "cancel all reminders", "mute reminders today",
        "wake me up early tomorrow", "wake me in 20 minutes", "i need an alarm for tomorrow",
        "alarm tomorrow 6am", "remind me", "remind me tomorrow", "remind me about this",
        "remind me about it tonight", "remind me of this in the morning",
        "ping me about it later", "ping me in 5", "nudge me in an hour",
        "set a timer for 10 minutes", "timer 25 min", "in 30 min tea", "in 5m check pasta",
        "remind me when i get home? no, at 6", "remind me 15 minutes before the call",
        "remind me the day before mum's birthday", "rmd me to call dad at 7",
        "remindme tomorrow call bank", "reminder tmrw 8am dentist", "rmdr 7pm meds",
        "reminder at 9 pills", "reminder for monday: send report",
        "don't let me forget the keys", "make sure i don't forget to call grandma",
        "can you ping me at 3 about the meeting prep",
        "every day at 9 take vitamins", "every weekday at 8:45 standup notes",
        "every first of the month pay rent", "every sunday 7pm plan the week",
        "every 2 hours drink water", "each morning at 7 meditate", "weekly on friday backup",
        "on the 1st of each month pay the card", "every year on 5 may mum's birthday",
        "delete that reminder", "cancel that reminder", "cancel the last reminder",
        "undo that reminder", "change that reminder to 9", "move it to 8pm instead",
        "make it 10 minutes later", "push it an hour", "snooze till after lunch",
        "is my 7am reminder still on", "did i set a reminder for the rent",
        "when will you remind me about the dentist", "which reminders repeat",
        "show recurring reminders", "what's due to ping me today",
    ],
    "tasks": [
        "tasks", "tasks?", "todo?", "todo", "todos", "to-do", "to do list", "my list",
        "my todo list", "my tasks", "task list", "tasks pls", "show tasks", "list todos",
        "what's on my plate", "what's on my list", "open todos", "pending tasks",
        "anything overdue?", "overdue?", "tasks for today", "today's tasks",
        "what do i need to get done this week", "what's still open",
        "what should i work on now", "shopping list", "show my shopping list",
        "what's on the shopping list", "groceries list", "what do we need from the store",
        "cross it off", "tick it off", "mark it done", "that one's done", "done!",
        "done with the first one", "all done with task 3", "finished the last task",
        "buy milk is done", "laundry is done", "the report is finished, tick it off",
        "i've paid the rent, cross that off", "called the bank, mark it done",
        "delete buy milk", "delete laundry", "remove water plants",
        "tick off laundry", "cross off buy milk", "cross off bread and eggs",
        "add task water plants every monday", "add task buy milk", "add task call the bank friday",
        "new task", "add a task", "add to my todo", "put it on my list",
        "add that to my tasks", "make that a task", "save it as a task",
        "clear all finished tasks", "delete all done tasks", "reorder my tasks by due date",
        "sort tasks by priority", "which todo is most urgent", "show completed tasks",
        "what did i finish this week", "how many todos are done",
        "tsk call the bank", "tasl: buy tape", "todo; fix sink", "taks call bob",
        "add tsak renew license", "to do: ring the garage", "2do: pay bills",
        "buy milk tomorrow, add to tasks", "need to book the mot - task", "task: bins, due tue",
        "i still need to send the contract, add it", "remind list: pack bags? no, task: pack bags",
        "put call the accountant on my todo", "add 'clean the gutters' to my list",
        "add email john as a task", "new todo item: replace the bulb",
    ],
    "notes": [
        "notes", "notes?", "my notes", "show notes", "list notes", "all notes",
        "what notes do i have", "latest note", "my last note",
        "what's in my notes", "read my notes", "notes from this week", "recent notes",
        "note this", "note that", "save that as a note", "make that a note", "keep that",
        "remember this", "remember that for me", "jot that down", "write that down",
        "take a note", "new note", "add a note", "quick note", "note to self",
        "jot down: party ideas - balloons, cake", "note: party ideas - balloons, cake",
        "find my notes about the locker", "what did i write about the wifi",
        "what's the wifi password i saved", "what was the gate code again, i noted it",
        "where did i park? i made a note", "what's my locker number, i saved it",
        "search notes", "search my notes", "find a note", "look in my notes",
        "delete that note", "delete my last note", "remove the last note", "clear all notes",
        "export my notes", "pin that note", "tag note 2 as work", "show notes tagged travel",
        "nte: buy cable", "noet: door code 1234", "ntoe the meeting moved",
        "remeber the garage code is 0909", "rember that the car is at level 3",
        "jot: call dave re roof", "memo to self: print boarding pass",
        "save: bank branch is on king street", "wifi password at the cabin: pinecone22",
        "password for the guest wifi is sunshine, note it",
        "for the record, the meter reading was 4471", "write down the meter reading 4471",
        "keep this somewhere: policy number 88-1234", "here's a thought for later: build a shed",
        "idea: a podcast about gardening", "random idea - sell the old bike",
        "note down the recipe my mum gave me: rice, lentils, cumin",
    ],
    "events": [
        "calendar", "calendar?", "my calendar", "show my calendar", "agenda", "agenda?",
        "my agenda", "schedule?", "my schedule", "events", "events?", "upcoming events",
        "what's on", "what's on today", "what's on this week", "anything on this week?",
        "anything today?", "anything tomorrow?", "any plans tomorrow?", "what do i have tomorrow",
        "am i free friday afternoon", "am i free tonight", "am i free at 3",
        "am i double booked on monday", "do i have time for lunch tomorrow",
        "what's happening today", "what meetings do i have", "meetings today?",
        "next meeting?", "when's my next meeting", "where's my next meeting",
        "cancel my 3pm", "cancel my 10am", "cancel my 9:30", "cancel tonight's dinner",
        "move the dentist to 4pm", "push the team sync to thursday", "move my 2pm to 3",
        "push my 4pm back 30 min", "move lunch to 1", "reschedule the call to monday",
        "the meeting is moved to friday", "dinner is now at 8", "the demo moved to 3pm",
        "can you move my 11 to the afternoon", "shift the standup to 9:15",
        "dentist tomorrow 3pm", "dentist friday at 10", "lunch with sara at 1 tomorrow",
        "meeting with bob monday 10", "mtg w/ anna tues 2pm", "appt w dr lee fri 9am",
        "mtg fri 11 w marketing", "call with the client at 4 tomorrow",
        "tomorrow 9am meeting with the auditors", "doctor on the 14th at 9:15",
        "flight to berlin 8 july 06:40", "concert on 22 august at 20:00",
        "wedding on 5 september in lisbon", "team offsite 2026-10-03 all day",
        "add event 2026-08-25 14:00 - demo @hq", "event 2026-11-20 10:00 board meeting",
        "put it in my calendar", "add that to my calendar", "save it in the calendar",
        "block tomorrow morning", "block 2 hours friday for deep work",
        "i'll be at the conference all day thursday", "i'm going", "count me in",
        "i can't make it", "rsvp yes", "rsvp no", "who's attending the party",
        "export my events", "send me my calendar as ics", "import this ics file",
        "import events from my calendar file", "what's the plan for the weekend",
        "what's my day look like", "how does my week look", "how does tomorrow look",
        "what's my afternoon like", "is my morning clear", "free slots this week?",
        "when is my dentist appointment", "when's the board meeting", "when is the party",
    ],
    "time": [
        "what time is it", "time?", "the time", "time now", "current time",
        "what's the time", "whats the time", "what time is it now", "tell me the time",
        "what's the date", "date?", "date pls", "today's date", "todays date", "what day is it",
        "which day is it", "what's the day today",
        "day?", "what month is it", "what year is it", "what week is it", "week number?",
        "what's the week number", "is it monday", "is today friday", "is it the weekend",
        "what's tomorrow's date", "what day is tomorrow", "what was yesterday's date",
        "date and time", "current date and time", "time and date please",
        "what's my timezone", "what's my time zone", "which time zone am i in",
        "which timezone are you using for me", "what timezone do you have for me",
        "my timezone?", "timezone?", "time zone", "what time do you think it is here",
        "is my time zone right", "my timezone is wrong", "the times are off by an hour",
        "you have the wrong time zone for me", "i changed time zones",
        "i'm in a different time zone now", "i'm travelling, update my timezone",
        "i'm back home in london", "i'm home in berlin again", "now in tokyo for a week",
        "landed in new york", "just landed in sydney", "i'm in UTC+5:30 now",
        "i'm in utc+1", "i live in berlin", "i live in new york",
        "set my timezone to new york", "set my timezone to london",
        "set timezone utc", "tz: europe/paris", "/tz america/chicago", "/tz",
        "what time is it in tokyo", "what time is it at home", "time in london?",
        "what time is it back in toronto", "is it morning in sydney",
        "what's the time difference with india", "how many hours between berlin and nyc",
        "is it daylight saving time now", "when do the clocks change", "did the clocks go back",
        "what's the utc time", "utc now", "gmt time now", "what time is it in utc",
        "how many days left this month", "how many days until friday",
        "how long until midnight", "how many weeks until christmas",
        "what date is it on saturday", "which date is next monday", "what day is the 25th",
        "what day of the week is 1 may", "is it a leap year", "what quarter is it",
        "wat time is it", "wot time is it", "what tiem is it", 
        "wht day is it", "waht's the date", "what's teh date", "tiem?", "dat?",
    ],
    "smalltalk": [
        "hi", "hello", "hey there", "hello there", "hiya", "yo", "sup",
        "howdy", "greetings", "good morning", "good evening", "good night",
        "morning", "morning!", "evening", "gm", "gn", "hi nudge", "hello nudge", "hey bot",
        "hello again", "hi again", "i'm back", "long time no see", "how are you",
        "how are you doing", "how are you today", "how ru", "how's it going",
        "how is it going", "how's life", "how's your day", "how was your weekend",
        "what's up", "whats up", "wassup", "what are you up to",
        "what are you doing", "thanks", "thank you", "thanks!", "thx", "ty",
        "tysm", "thanks a lot", "thanks a bunch", "thank you so much",
        "cheers", "cheers mate", "thanks mate", "thank u", "thnx",
        "much appreciated", "i appreciate that", 
        "thanks for reminding me", "thanks for the reminder", "thanks, that's perfect",
        "that's great, thanks", "ok thanks", "okay", "ok", "k", "kk",
        "okie", "all right", "sure", "sure thing", "yes", "yep", "yeah", "no",
        "nope", "nah", "fine", "cool", "nice", "awesome", "perfect", 
        "excellent", "brilliant", "sweet", "amazing", "lovely", "neat", "got it",
        "understood", "noted, thanks", "makes sense", "fair enough", "good to know",
        "sounds great", "works for me", "lol", "haha", "hahaha", "lmao",
        "xd", ":)", ":(", "wow", "omg", "oops", "whoops", "ugh", "meh", "hmm",
        "oh well", "nevermind", "forget it", "whatever", "no worries",
        "no problem", "np", "sorry", "my bad", "my mistake", "apologies",
        "you're awesome", "you're the best", "you rock", "good bot", "great job",
        "nice work", "you're so helpful", "love you", "i love you",
        "you're smart", "bad bot", "you're useless", 
        "you're stupid", "that was wrong, dumb bot", "you suck", "stop being so slow",
        "who are you", "what's your name", 
        "are you a robot", "are you a bot", "are you human", "are you alive",
        "how old are you", "where are you from", "who made you", "do you sleep",
        "do you have feelings", "are you happy", "do you dream", "are you there?",
        "you there?", "anyone there?", "hello?", "ping", "test", "testing", "testing 123",
        "tell me a joke", "know any jokes", "make me laugh",
        "say something", "sing me a song", "tell me a story", "entertain me",
        "i'm bored", "i'm tired", "i'm sleepy", "i'm sad", "i'm happy", 
        "i'm stressed", "i'm so stressed today", "i had a long day", "rough day",
        "what a day", "long week", "i'm hungry", "i'm excited", "feeling good today",
        "i'm fine thanks", "i'm good, you?", "not bad", "could be better", "same here",
        "me too", "good for you", "bye", "goodbye", "see you", 
        "see you later", "see you tomorrow", "laters", "ttyl", "talk later",
        "catch you later", "good night!", "night", "nighty night", "sleep well",
        "have a nice day", "have a good day", "have a great weekend", "take care",
        "enjoy your day", "happy friday", "happy new year", "merry christmas",
        "happy birthday to me", "happy monday", "it's raining again", "lovely weather today",
        "it's so cold", "it's so hot", "mondays, ugh", "finally friday", "what a week",
        "do you like music", "what's your favourite colour",
        "what's your favorite movie", "do you have pets", "what do you eat",
        "are you a cat person or a dog person", "nice to meet you", "pleased to meet you",
        "welcome back", "congrats to me", "i did it!", "yay", "woohoo", "hooray", "finally",
    ],
    "help": [
        "help", "help!", "help?", "/help", "help me", "help pls", 
        "i need help", "can you help", "what can you do",
        "what can you do?", "what are you for", 
        "what can i do here", "what can i ask you", "what can i say", "what should i say",
        "what do i type", "how do i use you", "how do i use this", 
        "how does this bot work", "how do you work", "how to use", "how to use this bot",
        "commands", "commands?", "list commands", "what commands are there",
        "all commands", "command list", "menu", "options", "features", "what are your features",
        "what features do you have", "instructions", "manual", "guide", "tutorial",
        "getting started", "get started", "how do i start", "where do i start",
        "i'm new here", "i'm new, what now", "first time here, what do i do",
        "i don't get it", "i'm confused", "i don't understand how this works",
        "what am i supposed to do", "show me examples", "give me some examples",
        "examples please", "example commands", "what can i ask", "usage", "hlep", "halp",
        "hel p", "how do i set a reminder?", "how do i add a task?",
        "how do i add a note?", "how do i add an event?", "how do i set my timezone?",
        "can you set reminders?", "can you keep notes?",
        "can you manage my tasks?", "can you manage my calendar?", "can you call me?",
        "can you read my documents?", "can you answer questions about my files?",
        "do you do recurring reminders?", "do you understand voice messages?",
        "do you work in slack?", "do you work in telegram too?", "do you speak french?",
        "what languages do you understand", "what date formats do you understand",
        "which time formats can i use", "how should i write dates",
        "what do the buttons do", "what does snooze do", "what does /forget do",
        "what does /agenda do", "how do i turn off the morning agenda",
        "how do i stop you calling me", "how do i give feedback",
        "what can you remember for me", "what kind of reminders can you do",
        "explain how you work", "explain what you can do", "tell me what you can do",
        "show me what you can do", "what's possible here", "what else can you do",
        "anything else you can do?", "what are all the things you can do",
        "what are you capable of", "how can you help me", "how can you help",
        "what can you help me with", "what do you know how to do",
    ],
    "question": [
        "what's our travel policy", "how many vacation days do we get",
        "what's the capital of france", "what is the capital of canada",
        "who wrote hamlet", "who painted the starry night", "who invented the telephone",
        "when did world war two end", "when was the eiffel tower built",
        "how tall is mount everest", "how far is the moon", "how big is the sun",
        "how many people live in tokyo", "what's the population of brazil",
        "what is the speed of sound", "what is gravity", "what is a black hole",
        "why is the sea salty", "why do cats purr", "why is the sky blue",
        "how do airplanes fly", "how does a vaccine work", "how do solar panels work",
        "what is machine learning", "what is a neural network", "what is blockchain",
        "explain quantum computing simply", "what's the difference between weather and climate",
        "what's the difference between a crocodile and an alligator",
        "how many grams in an ounce", "how many cups in a litre", "convert 5 miles to km",
        "what's 15% of 80", "what is 12 times 13", "square root of 144",
        "how many calories in a banana", "is coffee bad for you", "how much water should i drink",
        "what are the symptoms of covid", "how do i treat a sunburn",
        "how long do i boil pasta", "how long to roast a chicken", "how do i make pancakes",
        "recipe for lasagne", "what can i cook with eggs and spinach",
        "what temperature to bake salmon", "how do i make cold brew",
        "how do i unclog a drain", "how do i fix a squeaky door", "how do i remove rust",
        "how do i get wine out of a carpet", "how often should i water a cactus",
        "how do i change a tyre", "how do i jump start a car", "how do i tie a tie",
        "how do i write a resignation letter", "how do i ask for a raise",
        "how do i prepare for a job interview", "what should i put in a cover letter",
        "how do i file a tax return", "what's a good credit score", "how does a mortgage work",
        "what's an index fund", "should i pay off debt or invest", 
        "what's the exchange rate for yen", "how much is a stamp to the uk",
        "do i need a visa for japan", "what's the best time to visit iceland",
        "what should i see in rome", "how long is the flight from london to new york",
        "what's the baggage allowance on easyjet", "can i bring a power bank on a plane",
        "what time does the post office close", "what time does the pharmacy open on sunday",
        "what time does the store open tomorrow",
        "when does the gym close", "when does the library open", "when is the next train to leeds",
        "what time does the match start", "what time is sunset today",
        "what's the weather like tomorrow", "will it rain today", "is it going to snow",
        "who won the champions league", "who is the president of france",
        "what's the latest news", "what happened in the election",
        "translate good morning into german", "how do you say thanks in italian",
        "what does 'ephemeral' mean", "synonym for happy", "spell necessary",
        "recommend a good sci-fi book", "what's a good movie to watch tonight",
        "suggest a name for my cat", "what's a good gift for a 10 year old",
        "where's the nearest atm", "where can i park near the station",
        "who do i contact about payroll", "who's the hr contact", "who approves expenses",
        "how do i request time off", "how do i book a meeting room",
        "how do i get a parking permit at work", "how do i reset my work password",
        "how do i connect to the office vpn", "how do i get access to the shared drive",
        "what's the guest wifi password at the office", "where is the fire exit",
        "is the office open on monday", "what's the office address",
        "what's the refund policy", "can i return an item without a receipt",
        "how long does shipping take", "what's the warranty on my laptop",
        "does the contract have a notice period", "what's in the q3 report",
        "summarize the meeting minutes from the document", "what does the faq say about refunds",
        "what does the handbook say about overtime", "find the section about warranties",
        "what do we do in case of a security incident", "what's the process for hiring",
        "what is our mission statement", "when is payday", "when are bonuses paid",
        "how do i claim mileage", "what is the per diem for germany",
        "can i expense a taxi home", "can i work from abroad", "do we get christmas off",
        "which note taking app is best", "what's a good to-do app", "best calendar app for mac",
        "how do i take better notes in meetings", "how do i stop procrastinating",
        "how do i plan my week effectively", "what's the pomodoro technique",
        "is it bad to check email first thing", "how many hours of sleep do i need",
        "how do i set a reminder in slack?", "how do i create a task in trello",
        "how do i set an alarm on my iphone", "my phone's reminders app crashes, why",
        "why does google calendar show the wrong time", "how do i change the time on my watch",
        "how do i share my outlook calendar", "how do i export notes from evernote",
        "what's the keyboard shortcut for undo", "how do i take a screenshot on windows",
        "how do i clear my browser cache", "why is my laptop so slow", "how do i update ios",
    ],
}

# A share of phrases in other languages, hand-written per label.
FOREIGN: dict[str, list[str]] = {
    "reminders": [
        "rappelle-moi d'appeler maman demain à 9h", "rappelle-moi dans 20 minutes de sortir le gâteau",
        "rappelle-moi chaque lundi de sortir les poubelles", "mets un rappel pour 7h",
        "réveille-moi à 6h30", "supprime le rappel 2", "reporte le rappel de 10 minutes",
        "quels sont mes rappels", "mes rappels", "déplace le rappel 1 à 10h",
        "erinnere mich morgen um 9 an den zahnarzt", "erinnere mich in einer stunde ans essen",
        "erinnerung um 18 uhr: wäsche aufhängen", "weck mich um 6:30", "stell einen wecker auf 7 uhr",
        "lösche erinnerung 3", "meine erinnerungen", "welche erinnerungen habe ich",
        "erinnere mich jeden freitag an den bericht", "schlummern 10 minuten",
        "recuérdame llamar a mamá mañana a las 9", "recuérdame en una hora sacar la ropa",
        "pon un recordatorio a las 8", "despiértame a las 6:30", "mis recordatorios",
        "borra el recordatorio 2", "pospón el recordatorio 10 minutos",
        "recuérdame cada lunes pagar el alquiler", "qué recordatorios tengo",
        "напомни мне завтра в 9 позвонить маме", "напомни через час выключить духовку",
        "поставь напоминание на 8 утра", "разбуди меня в 6:30", "мои напоминания",
        "удали напоминание 2", "отложи напоминание на 10 минут",
        "напоминай каждый понедельник платить за квартиру",
        "lembra-me amanhã às 9 de ligar à mãe", "lembre-me daqui a uma hora de tirar o bolo",
        "cria um lembrete para as 8", "acorda-me às 6:30", "meus lembretes",
        "apaga o lembrete 2", "adia o lembrete 10 minutos",
        "ricordami di chiamare la mamma domani alle 9", "ricordami tra un'ora di spegnere il forno",
        "imposta un promemoria per le 8", "svegliami alle 6:30", "i miei promemoria",
        "cancella il promemoria 2", "posticipa il promemoria di 10 minuti",
    ],
    "tasks": [
        "ajoute la tâche acheter du lait", "ajoute acheter du pain à ma liste",
        "mes tâches", "liste de tâches", "quelles tâches me restent", "tâche 2 terminée",
        "coche acheter du lait", "supprime la tâche 3", "à faire: appeler le plombier",
        "neue aufgabe: milch kaufen", "füge brot zu meiner einkaufsliste hinzu",
        "meine aufgaben", "was steht auf meiner to-do-liste", "aufgabe 2 erledigt",
        "hake milch kaufen ab", "lösche aufgabe 3", "aufgabe: steuererklärung machen",
        "añade la tarea comprar leche", "agrega pan a la lista de la compra", "mis tareas",
        "qué tareas tengo pendientes", "tarea 2 hecha", "marca comprar leche como hecha",
        "borra la tarea 3", "pendiente: llamar al fontanero",
        "добавь задачу купить молоко", "добавь хлеб в список покупок", "мои задачи",
        "какие у меня задачи", "задача 2 выполнена", "вычеркни купить молоко",
        "удали задачу 3", "список дел",
        "adiciona a tarefa comprar leite", "põe pão na lista de compras", "minhas tarefas",
        "quais tarefas tenho", "tarefa 2 feita", "risca comprar leite", "apaga a tarefa 3",
        "aggiungi il compito comprare il latte", "aggiungi pane alla lista della spesa",
        "i miei compiti", "cosa ho da fare oggi", "compito 2 fatto", "cancella il compito 3",
        "lista delle cose da fare",
    ],
    "notes": [
        "note: le code du portail est 4521", "prends une note: rappeler le garage",
        "souviens-toi que mon casier est le 214", "mes notes", "cherche dans mes notes le wifi",
        "qu'est-ce que j'ai noté sur le voyage", "supprime la note 2",
        "notiz: der torcode ist 4521", "merk dir, dass mein spind 214 ist", "meine notizen",
        "such in meinen notizen nach wlan", "was habe ich über die reise notiert",
        "lösche notiz 2", "schreib auf: partyideen - ballons, kuchen",
        "nota: el código de la puerta es 4521", "apunta que mi taquilla es la 214",
        "mis notas", "busca en mis notas el wifi", "qué anoté sobre el viaje",
        "borra la nota 2", "toma nota: llamar al taller",
        "заметка: код от ворот 4521", "запомни, что мой шкафчик 214", "мои заметки",
        "найди в заметках пароль от wifi", "что я записал про поездку", "удали заметку 2",
        "запиши: идеи для праздника - шарики, торт",
        "nota: o código do portão é 4521", "anota que o meu cacifo é o 214", "minhas notas",
        "procura nas notas a senha do wifi", "apaga a nota 2",
        "nota: il codice del cancello è 4521", "annota che il mio armadietto è il 214",
        "le mie note", "cerca nelle note la password del wifi", "cosa ho scritto sul viaggio",
        "elimina la nota 2",
    ],
    "events": [
        "rendez-vous chez le dentiste vendredi à 15h", "ajoute une réunion lundi à 10h",
        "qu'est-ce que j'ai demain", "suis-je libre vendredi après-midi",
        "annule mon rendez-vous de 15h", "déplace la réunion à jeudi", "mon agenda cette semaine",
        "termin beim zahnarzt freitag um 15 uhr", "meeting mit bob montag um 10",
        "was habe ich morgen", "bin ich freitagnachmittag frei", "sag den termin um 15 uhr ab",
        "verschieb das meeting auf donnerstag", "mein kalender diese woche",
        "cita con el dentista el viernes a las 3", "reunión con bob el lunes a las 10",
        "qué tengo mañana", "estoy libre el viernes por la tarde", "cancela mi cita de las 3",
        "mueve la reunión al jueves", "mi agenda de esta semana",
        "встреча с бобом в понедельник в 10", "запись к стоматологу в пятницу в 15:00",
        "что у меня завтра", "я свободен в пятницу после обеда", "отмени встречу в 15:00",
        "перенеси встречу на четверг", "мой календарь на неделю",
        "consulta no dentista sexta às 15h", "reunião com o bob segunda às 10",
        "o que tenho amanhã", "estou livre sexta à tarde", "cancela a reunião das 15h",
        "muda a reunião para quinta",
        "appuntamento dal dentista venerdì alle 15", "riunione con bob lunedì alle 10",
        "cosa ho domani", "sono libero venerdì pomeriggio", "annulla l'appuntamento delle 15",
        "sposta la riunione a giovedì",
    ],
    "time": [
        "quelle heure est-il", "quelle heure est-il à tokyo", "quelle est la date aujourd'hui",
        "on est quel jour", "j'habite à berlin", "mets mon fuseau horaire sur new york",
        "je suis à paris maintenant",
        "wie spät ist es", "wie spät ist es in tokio", "welches datum ist heute",
        "welcher tag ist heute", "ich wohne in berlin", "stell meine zeitzone auf new york",
        "ich bin jetzt in london",
        "qué hora es", "qué hora es en tokio", "qué día es hoy", "cuál es la fecha de hoy",
        "vivo en madrid", "cambia mi zona horaria a nueva york", "ahora estoy en méxico",
        "который час", "сколько времени в токио", "какое сегодня число", "какой сегодня день",
        "я живу в берлине", "поставь мой часовой пояс на москву", "я сейчас в лондоне",
        "que horas são", "que horas são em tóquio", "que dia é hoje", "moro em lisboa",
        "muda o meu fuso horário para são paulo",
        "che ore sono", "che ore sono a tokyo", "che giorno è oggi", "abito a roma",
        "imposta il mio fuso orario su new york",
    ],
    "smalltalk": [
        "bonjour", "salut", "merci", "merci beaucoup", "ça va ?", "bonne nuit", "au revoir",
        "hallo", "guten morgen", "danke", "danke schön", "wie geht's", "tschüss", "gute nacht",
        "hola", "buenos días", "gracias", "muchas gracias", "qué tal", "adiós", "buenas noches",
        "привет", "здравствуйте", "спасибо", "большое спасибо", "как дела", "пока",
        "спокойной ночи", "olá", "bom dia", "obrigado", "obrigada", "tudo bem?", "tchau",
        "ciao", "buongiorno", "grazie", "grazie mille", "come stai", "arrivederci",
        "buonanotte",
    ],
    "help": [
        "aide", "aide-moi", "que sais-tu faire", "comment créer un rappel ?",
        "comment ça marche", "quelles sont les commandes",
        "hilfe", "was kannst du", "wie erstelle ich eine erinnerung", "wie funktioniert das",
        "welche befehle gibt es",
        "ayuda", "qué puedes hacer", "cómo creo un recordatorio", "cómo funciona esto",
        "qué comandos hay",
        "помощь", "помоги", "что ты умеешь", "как создать напоминание", "как это работает",
        "какие есть команды",
        "ajuda", "o que você pode fazer", "como crio um lembrete", "como isso funciona",
        "aiuto", "cosa sai fare", "come creo un promemoria", "come funziona",
    ],
    "question": [
        "quelle est notre politique de voyage", "combien de jours de congé avons-nous",
        "quelle est la capitale de l'australie", "comment faire une pâte à crêpes",
        "wie lautet unsere reiserichtlinie", "wie viele urlaubstage haben wir",
        "was ist die hauptstadt von australien", "wie koche ich reis",
        "cuál es nuestra política de viajes", "cuántos días de vacaciones tenemos",
        "cuál es la capital de australia", "cómo hago una tortilla",
        "какая у нас политика командировок", "сколько дней отпуска у нас",
        "какая столица австралии", "как сварить рис",
        "qual é a nossa política de viagens", "quantos dias de férias temos",
        "qual é a capital da austrália", "como fazer arroz",
        "qual è la nostra politica sui viaggi", "quanti giorni di ferie abbiamo",
        "qual è la capitale dell'australia", "come si cucina il risotto",
    ],
}

_SLOT = re.compile(r"\{(\w+)\}")
_PREFIXES = ["", "", "", "", "pls ", "please ", "hey, ", "ok ", "nudge, ", "quick one: "]
_SUFFIXES = ["", "", "", "", "", " please", " pls", " thanks", "?", "!", " thx"]


def expand(template: str, rng: random.Random, count: int) -> list[str]:
    """Up to `count` distinct fillings of `template`, drawn without replacement."""
    slots = _SLOT.findall(template)
    if not slots:
        return [template]
    pools = [SLOTS[slot] for slot in slots]
    total = 1
    for pool in pools:
        total *= len(pool)
    picks = rng.sample(range(total), min(count, total))
    phrases = []
    for pick in picks:
        values = []
        for pool in pools:
            pick, index = divmod(pick, len(pool))
            values.append(pool[index])
        filled = iter(values)
        phrases.append(_SLOT.sub(lambda _: next(filled), template))
    return phrases


def decorate(phrase: str, rng: random.Random) -> str:
    """Vary the register a little: a polite prefix, a trailing word, a typo now and then."""
    phrase = rng.choice(_PREFIXES) + phrase
    if not phrase.endswith(("?", "!")):
        phrase += rng.choice(_SUFFIXES)
    if rng.random() < TYPO_SHARE:
        phrase = typo(phrase, rng)
    return phrase


def typo(phrase: str, rng: random.Random) -> str:
    """One slip of the keyboard in a word of four letters or more: swap, drop or double."""
    spans = [m.span() for m in re.finditer(r"[a-z]{4,}", phrase)]
    if not spans:
        return phrase
    start, end = rng.choice(spans)
    i = rng.randrange(start + 1, end - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return phrase[:i] + phrase[i + 1] + phrase[i] + phrase[i + 2 :]
    if kind == 1:
        return phrase[:i] + phrase[i + 1 :]
    return phrase[:i] + phrase[i] + phrase[i:]


def compose() -> list[tuple[str, str]]:
    """All (label, phrase) pairs, label by label, without duplicates nor phrases of seed.tsv."""
    seeded = {
        " ".join(line.partition("\t")[2].split()).lower()
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    }
    pairs: list[tuple[str, str]] = []
    for label in TEMPLATES:
        rng = random.Random(f"nudge-intents-{label}")
        phrases: list[str] = []
        for template in TEMPLATES[label]:
            phrases.extend(decorate(p, rng) for p in expand(template, rng, PER_TEMPLATE))
        phrases.extend(PHRASES[label])
        phrases.extend(FOREIGN[label])
        fresh = _unique(" ".join(p.split()) for p in phrases)
        pairs.extend((label, p) for p in fresh if p.lower() not in seeded)
    return pairs


def _unique(phrases: Iterable[str]) -> list[str]:
    kept: dict[str, str] = {}
    for phrase in phrases:
        kept.setdefault(phrase.lower(), phrase)
    return list(kept.values())


def render(pairs: Sequence[tuple[str, str]]) -> str:
    lines = [
        "# label<TAB>phrase; made by compose.py from its hand-written parts: edit that, rerun it",
    ]
    for label, group in itertools.groupby(pairs, key=lambda pair: pair[0]):
        lines.append(f"# {label}")
        lines.extend(f"{label}\t{phrase}" for _, phrase in group)
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    text = render(compose())
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT.name} is stale: run compose.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
