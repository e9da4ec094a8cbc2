"""The reviewed corpus of letters: each scenario sets up a shop through the real CLI and returns the
`fixit letter` command to run; its expected letter is tests/golden/letters/<name>.txt, a file a
person has read and edited until it could be sent as it is (subject line first).

The clock starts on Monday 23 November 2026, 09:00 (see conftest); ``shop.at`` moves it.
"""

from __future__ import annotations


def rosa(shop, phone: bool = True) -> None:
    shop.ok("config", "set", "business_name", "Rosa's Bakery")
    shop.ok("config", "set", "owner_name", "Rosa Marquez")
    if phone:
        shop.ok("config", "set", "business_phone", "555-0100")


def garage(shop) -> None:
    shop.ok("config", "set", "business_name", "Northside Bikes")
    shop.ok("config", "set", "owner_name", "Tom Berg")
    shop.ok("config", "set", "signer", "Tom")


# apologies -----------------------------------------------------------------------------------


def apology_counter_in_their_words(shop):
    rosa(shop)
    n = shop.log("Lee Park", "I waited forty minutes for a coffee!!")
    return ["letter", str(n)]


def apology_staff_note_with_about(shop):
    rosa(shop)
    n = shop.log(
        "Dana Reyes",
        "Customer says the order was delivered to her neighbour",
        "--channel",
        "phone",
        "--about",
        "your order of sourdough loaves",
        "--happened",
        "saturday",
        "--went-wrong",
        "your sourdough loaves were left with your neighbour",
    )
    return ["letter", str(n)]


def apology_promise_told_and_coupon(shop):
    rosa(shop, phone=False)
    n = shop.log(
        "Dana Reyes",
        "Charged twice for the cake",
        "--about",
        "the double charge for your cake",
        "--went-wrong",
        "you were charged twice for your cake",
        "--promise",
        "Refund 2nd charge on card machine",
        "--tell",
        "refund the second charge",
        "--by",
        "tomorrow",
    )
    shop.ok("amend", str(n), "coupon", "--value", "10", "--expires", "2026-12-31", "--now")
    return ["letter", str(n)]


def apology_severe_wedding_cake(shop):
    rosa(shop)
    n = shop.log(
        "Zoë Ångström",
        "The wedding cake arrived with the wrong names on it",
        "--severity",
        "high",
        "--about",
        "your wedding cake",
        "--happened",
        "saturday",
        "--promise",
        "Bake a corrected cake",
        "--went-wrong",
        "your wedding cake arrived with the wrong names on it",
        "--tell",
        "bake a new cake with the right names",
        "--by",
        "tomorrow",
    )
    shop.ok(
        "promise", str(n), "Ring Zoë re: delivery", "--tell", "call you to arrange the delivery", "--by", "wednesday"
    )
    shop.ok("amend", str(n), "refund", "--value", "45", "--by", "friday")
    shop.ok("amend", str(n), "gift", "--note", "a box of our almond pastries", "--now")
    return ["letter", str(n), "apology"]


def apology_minor_cold_coffee(shop):
    rosa(shop)
    n = shop.log("Sam Lee", "My flat white was cold", "--severity", "low", "--apologized")
    shop.ok("amend", str(n), "meal", "--note", "a coffee and a pastry", "--now")
    return ["letter", str(n)]


def apology_second_complaint(shop):
    rosa(shop)
    shop.at("2026-10-02T10:00:00")
    shop.log("Maria Rossi", "My bread was stale", "--phone", "555-0142")
    shop.at("2026-11-23T09:00:00")
    n = shop.log(
        "Maria Rossi",
        "The birthday cake was not ready when I came for it",
        "--phone",
        "555-0142",
        "--about",
        "your daughter's birthday cake",
        "--promise",
        "Owner to call",
        "--tell",
        "call you to put it right",
        "--by",
        "today 17:00",
    )
    return ["letter", str(n)]


def apology_late(shop):
    garage(shop)
    shop.at("2026-11-19T16:00:00")
    n = shop.log(
        "Omar Haddad",
        "The bike brakes squeal after the service",
        "--channel",
        "email",
        "--about",
        "the squeaking brakes after your bike's service",
        "--went-wrong",
        "your brakes squeal since we serviced your bike",
    )
    shop.at("2026-11-23T09:00:00")
    return ["letter", str(n)]


def apology_noticed_by_staff(shop):
    rosa(shop)
    n = shop.log(
        "Ben Okafor",
        "Looked unhappy with the croissant, left half",
        "--channel",
        "noticed",
        "--about",
        "your croissant",
        "--email",
        "ben@example.com",
        "--went-wrong",
        "your croissant was not as good as it should have been",
    )
    return ["letter", str(n)]


def apology_noticed_no_about(shop):
    garage(shop)
    n = shop.log(
        "Ines Duarte",
        "Waited at the desk, nobody came over",
        "--channel",
        "noticed",
        "--severity",
        "low",
        "--went-wrong",
        "you waited at the desk and nobody came over to help",
    )
    return ["letter", str(n)]


def apology_careful_unwell(shop):
    rosa(shop)
    n = shop.log(
        "Priya Natarajan",
        "I was sick all night after the prawn sandwich",
        "--harmed",  # who was hurt is recorded, never guessed from "I"
        "you",
        "--channel",
        "email",
        "--about",
        "the prawn sandwich you bought from us",
        "--happened",
        "yesterday",
        "--promise",
        "Check prawn batch + fridge log",
        "--tell",
        "call you once we have checked everything",
        "--by",
        "wednesday",
    )
    return ["letter", str(n)]


def apology_careful_hurt(shop):
    garage(shop)
    n = shop.log(
        "Mr. Kwame Mensah",
        "Handlebar came loose on the test ride, fell and hurt his wrist",
        "--channel",
        "phone",
        "--severity",
        "high",
        "--about",
        "the handlebar on your new bike",
    )
    return ["letter", str(n)]


def apology_careful_legal(shop):
    rosa(shop)
    n = shop.log(
        "Helen Shaw",
        "Says she will take it to small claims if the deposit is not returned",
        "--channel",
        "email",
        "--about",
        "the deposit for your party order",
    )
    return ["letter", str(n)]


def apology_review_long_summary(shop):
    rosa(shop)
    long_summary = (
        "Posted a one-star review: says the queue was out of the door on Saturday morning, two of "
        "the four tills were closed, the staff looked overwhelmed, her pre-order was not on the "
        "list, and she left without her bread after waiting for almost half an hour with a "
        "toddler in tow, which she describes as the worst visit she has had in years"
    )
    n = shop.log(
        "Claire Dubois",
        long_summary,
        "--channel",
        "review",
        "--about",
        "your visit on Saturday morning",
        "--happened",
        "saturday",
        "--went-wrong",
        "you waited almost half an hour and left without your bread",
    )
    return ["letter", str(n)]


def apology_social_in_their_words(shop):
    rosa(shop)
    n = shop.log("Jamal Wright", "Why did I get a raisin roll when I paid for cinnamon?", "--channel", "social")
    return ["letter", str(n)]


# greetings: names of every shape -------------------------------------------------------------


def greeting_title_and_particle(shop):
    garage(shop)
    n = shop.log(
        "DR. ANNA VAN DER BERG",
        "My bike was not ready on Friday as promised",
        "--channel",
        "phone",
        "--about",
        "your bike's service",
    )
    return ["letter", str(n)]


def greeting_set_by_the_owner(shop):
    rosa(shop)
    n = shop.log(
        "Olsen",
        "The rye loaf was burnt",
        "--greet",
        "Mrs Olsen",
        "--about",
        "the rye loaf",
        "--went-wrong",
        "your rye loaf was burnt",
    )
    return ["letter", str(n)]


def greeting_chinese_name(shop):
    rosa(shop)
    n = shop.log("王小明", "My order was missing the egg tarts", "--about", "the egg tarts missing from your order")
    return ["letter", str(n)]


def greeting_cyrillic_and_hyphen(shop):
    rosa(shop)
    n = shop.log(
        "Анна-Мария Петрова",
        "The gluten-free loaf was cut on the same board as the others",
        "--about",
        "your gluten-free loaf",
        "--went-wrong",
        "your gluten-free loaf was cut on the same board as the others",
    )
    return ["letter", str(n)]


def greeting_arabic_name(shop):
    garage(shop)
    n = shop.log("ليلى حداد", "The puncture came back a day after the repair", "--about", "the puncture repair")
    shop.ok("fix", str(n), "Replaced the inner tube and checked the rim tape")
    shop.ok("edit", str(n), "--we-did", "replaced the inner tube and checked the rim tape")
    return ["letter", str(n)]


# follow-ups ----------------------------------------------------------------------------------


def followup_mistake_fixed(shop):
    garage(shop)
    n = shop.log("Omar Haddad", "The brakes squeal after the service", "--about", "the squeaking brakes")
    shop.ok("judge", str(n), "--justified", "--cause", "mistake")
    shop.at("2026-11-24T15:00:00")
    shop.ok("fix", str(n), "Re-adjusted the brakes and replaced the pads")
    shop.ok("edit", str(n), "--we-did", "re-adjusted the brakes and replaced the pads")
    shop.at("2026-11-26T09:00:00")
    return ["letter", str(n)]


def followup_systemic_with_change(shop):
    rosa(shop)
    n = shop.log(
        "Kristina Novak",
        "The package went to the wrong address",
        "--channel",
        "email",
        "--about",
        "the parcel that went to the wrong address",
        "--happened",
        "2026-11-16",
    )
    shop.ok(
        "judge",
        str(n),
        "--justified",
        "--cause",
        "systemic",
        "--found",
        "the address was typed from memory, and nobody read it back",
    )
    shop.ok("fix", str(n), "Sent a new package by courier")
    shop.ok("edit", str(n), "--we-did", "sent a new package by courier")
    shop.ok("change", "Every address is now read back to you when you order", "--complaint", str(n))
    return ["letter", str(n)]


def followup_two_changes_closed(shop):
    rosa(shop)
    shop.at("2026-11-18T12:00:00")
    n = shop.log("Mei Chen", "Nobody called me back about my refund", "--about", "your refund")
    shop.at("2026-11-23T09:00:00")
    shop.ok("fix", str(n), "Refund paid")
    shop.ok("edit", str(n), "--we-did", "paid your refund, and the owner now checks every refund each morning")
    shop.ok("change", "Refunds are logged in fixit with a due date", "--complaint", str(n))
    shop.ok("change", "The morning meeting starts with the list of everything due", "--complaint", str(n))
    shop.ok("close", str(n), "--outcome", "won-back")
    return ["letter", str(n)]


def followup_with_promise_still_open(shop):
    garage(shop)
    n = shop.log(
        "Noah Ali",
        "The shelf arrived broken",
        "--about",
        "the shelf that arrived broken",
        "--promise",
        "Fit new shelf",
        "--tell",
        "fit the new shelf for you",
        "--by",
        "2026-11-30",
    )
    shop.ok("fix", str(n), "Delivered a new shelf")
    shop.ok("edit", str(n), "--we-did", "delivered a new shelf")
    return ["letter", str(n)]


def followup_second_complaint_careful(shop):
    rosa(shop)
    shop.at("2026-09-12T10:00:00")
    shop.log("Fatima Okafor", "The sesame bread was not labelled", "--email", "fatima@example.com")
    shop.at("2026-11-20T10:00:00")
    n = shop.log(
        "Fatima Okafor",
        "I had an allergic reaction after the seeded roll",
        "--harmed",
        "you",
        "--email",
        "fatima@example.com",
        "--channel",
        "email",
        "--severity",
        "high",
        "--about",
        "the seeded roll",
    )
    shop.at("2026-11-23T09:00:00")
    shop.ok("fix", str(n), "Checked every label against the recipe book")
    shop.ok("edit", str(n), "--we-did", "checked every label against the recipe book")
    shop.ok(
        "change",
        "Every loaf with seeds now carries an allergen label before it leaves the kitchen",
        "--complaint",
        str(n),
    )
    return ["letter", str(n)]


def followup_asked_for_before_the_fix(shop):
    garage(shop)
    n = shop.log(
        "Omar Haddad",
        "The gears slip in third",
        "--about",
        "the gears on your bike",
        "--channel",
        "phone",
        "--promise",
        "Order new derailleur",
        "--tell",
        "fit a new gear mechanism",
        "--by",
        "friday",
    )
    shop.at("2026-11-25T10:00:00")
    return ["letter", str(n), "followup"]


# explanations --------------------------------------------------------------------------------


def explanation_stored(shop):
    rosa(shop)
    n = shop.log("Ben Kim", "I was overcharged for the sandwich", "--about", "the price of your sandwich")
    shop.ok(
        "judge",
        str(n),
        "--unjustified",
        "--explain",
        "the price on the board had gone up on Monday, and the till charged the new price",
    )
    return ["letter", str(n)]


def explanation_with_loyalty_coupon(shop):
    rosa(shop)
    n = shop.log("Ana Silva", "My order was not ready at ten", "--channel", "phone", "--happened", "saturday")
    shop.ok("judge", str(n), "--unjustified")
    shop.ok("amend", str(n), "coupon", "--value", "5", "--now")
    return [
        "letter",
        str(n),
        "explanation",
        "--explain",
        "The order form asked for eleven o'clock, and your order was ready then.",
    ]


def explanation_expired_and_used_coupons_not_offered(shop):
    rosa(shop)
    n = shop.log("Ivan Rossi", "The repair took a week longer than promised", "--about", "the time your repair took")
    shop.ok("judge", str(n), "--unjustified", "--explain", "The part you chose was on back order, as the receipt notes")
    shop.ok("amend", str(n), "coupon", "--value", "5", "--expires", "2026-11-25", "--now")
    shop.ok("amend", str(n), "coupon", "--value", "8", "--now")
    shop.ok("amend", str(n), "discount", "--value", "15", "--now")
    used = shop.query("SELECT code FROM amends WHERE kind = 'coupon' AND value_cents = 800")[0][0]
    shop.ok("redeem", used)
    shop.at("2026-11-27T09:00:00")
    return ["letter", str(n)]


# promise kept --------------------------------------------------------------------------------


def promise_kept_told_on_time(shop):
    rosa(shop)
    n = shop.log(
        "Lia Müller",
        "The dress was hemmed too short",
        "--about",
        "the hem on your dress",
        "--promise",
        "Re-hem with spare fabric",
        "--tell",
        "re-hem your dress with the spare fabric",
        "--by",
        "friday",
    )
    shop.at("2026-11-25T15:00:00")
    shop.ok("keep", "P1")
    return ["letter", str(n), "promise-kept"]


def promise_kept_late_refund(shop):
    rosa(shop)
    n = shop.log("Dana Reyes", "Charged twice for the cake", "--about", "the double charge for your cake")
    shop.ok("amend", str(n), "refund", "--value", "12", "--by", "tomorrow")
    shop.at("2026-11-26T10:00:00")
    shop.ok("keep", "P1")
    return ["letter", str(n), "promise-kept"]


def promise_kept_more_to_come(shop):
    garage(shop)
    n = shop.log(
        "Noah Ali",
        "The shelf arrived broken",
        "--about",
        "the shelf that arrived broken",
        "--promise",
        "Collect broken shelf",
        "--tell",
        "collect the broken shelf",
        "--by",
        "tomorrow",
    )
    shop.ok("promise", str(n), "Deliver new shelf", "--tell", "deliver a new shelf", "--by", "friday")
    shop.ok("promise", str(n), "Fit shelf", "--tell", "fit the new shelf", "--by", "2026-11-30")
    shop.ok("keep", "P1")
    return ["letter", str(n), "promise-kept", "--promise", "P1"]


def promise_kept_redo_replacement(shop):
    rosa(shop)
    n = shop.log(
        "Tess Walker", "The birthday cake said Happy Birthday Jane instead of Jade", "--about", "Jade's birthday cake"
    )
    shop.ok("amend", str(n), "redo", "--note", "a new birthday cake with the right name", "--by", "tomorrow")
    shop.at("2026-11-24T11:00:00")
    shop.ok("keep", "P1")
    return ["letter", str(n), "promise-kept"]


# process changes -----------------------------------------------------------------------------


def new_procedure_one(shop):
    rosa(shop)
    n = shop.log(
        "Fatima Okafor",
        "The gluten-free bread was cut on the same board",
        "--about",
        "your gluten-free bread",
        "--happened",
        "2026-11-18",
    )
    shop.ok("change", "Gluten-free bread now has its own board and knife, kept apart", "--complaint", str(n))
    return ["letter", str(n), "new-procedure"]


def new_procedure_quoting_them(shop):
    rosa(shop)
    shop.at("2026-11-16T12:00:00")
    n = shop.log("Sam Lee", "My delivery came two hours late, again")
    shop.at("2026-11-23T09:00:00")
    shop.ok("change", "Deliveries now leave with a route planned the night before", "--complaint", str(n))
    return ["letter", "--change", "1"]


def new_procedure_odd_text(shop):
    rosa(shop)
    n = shop.log(
        "Nadia {{ 7*7 }} Haddad",
        "The {% raw %} label said {{ price }} instead of the price",
        "--greet",
        "Nadia",
        "--about",
        "the label on your jam",
    )
    shop.ok("change", "Labels are printed from the price list, never typed by hand", "--complaint", str(n))
    return ["letter", str(n), "new-procedure"]


# text messages -------------------------------------------------------------------------------


def sms_apology_with_code(shop):
    rosa(shop)
    n = shop.log(
        "Dana Reyes",
        "Charged twice for the cake",
        "--phone",
        "555-0142",
        "--about",
        "the double charge",
        "--went-wrong",
        "you were charged twice for your cake",
        "--promise",
        "Refund 2nd charge",
        "--tell",
        "refund the second charge",
        "--by",
        "tomorrow",
    )
    shop.ok("amend", str(n), "coupon", "--value", "10", "--expires", "2026-12-31", "--now")
    return ["letter", str(n), "--format", "sms"]


def sms_promise_kept(shop):
    garage(shop)
    n = shop.log(
        "Omar Haddad",
        "Charged for a service I did not have",
        "--phone",
        "555-0199",
        "--about",
        "the charge for a service you did not have",
    )
    shop.ok("amend", str(n), "refund", "--value", "60", "--by", "tomorrow")
    shop.ok("keep", "P1")
    return ["letter", str(n), "promise-kept", "--format", "sms"]


def sms_smart_encoding(shop):
    rosa(shop)
    n = shop.log(
        "Zoé Ångström",  # é Å ö are GSM-7 letters; the dash and the curly apostrophe are not
        "The wedding cake had the wrong names on it",
        "--phone",
        "555-0142",
        "--about",
        "the names on your wedding cake",
        "--went-wrong",
        "your wedding cake had the wrong names on it \u2013 not the ones you\u2019d ordered",
        "--promise",
        "Bake corrected cake",
        "--tell",
        "bake a new cake with the right names and bring it to you",
        "--by",
        "tomorrow",
    )
    shop.ok("amend", str(n), "coupon", "--value", "20", "--expires", "2027-03-31", "--now")
    return ["letter", str(n), "--format", "sms"]


# issue 19: thin records, new businesses, new harms ---------------------------------------------
# Most complaints are typed as `log NAME SUMMARY --phone`; these letters were drafted from that,
# after answering fixit's own questions (`answer`), as an owner at a terminal would.


def shop_of(shop, name: str, owner: str, phone: str | None = None) -> None:
    shop.ok("init", "--business-name", name, "--owner", owner, *(["--phone", phone] if phone else []))


def answer(shop, n: int, *answers: str) -> None:
    """Answer `fixit letter`'s questions, in order (an empty answer takes the guess or skips)."""
    shop.ok("letter", str(n), "--ask", input="\n".join(answers) + "\n")


def thin_in_their_own_words(shop):
    shop_of(shop, "Crumb & Co", "Jo Baker")
    n = shop.log("Sam", "My cake was two hours late for the party", "--phone", "555-0101")
    return ["letter", str(n)]


def sms_thin_walk_in(shop):
    shop_of(shop, "Corner Café", "Ana Lima")
    n = shop.log("Walk-in", "coffee order wrong", "--phone", "555-0102")
    answer(shop, n, "", "your coffee order was wrong")
    return ["letter", str(n), "--format", "sms"]


def thin_family_name_first(shop):
    shop_of(shop, "Bright Smile Dental", "Dr Ruth Cole", "555-0300")
    n = shop.log("Nguyễn Văn An", "crown loose next day", "--phone", "555-0103")
    answer(shop, n, "Mr An", "your new crown came loose the day after we fitted it")
    return ["letter", str(n)]


def thin_email_for_a_name(shop):
    shop_of(shop, "Paper Trail Books", "Olu Ade")
    n = shop.log("jmiller88@gmail.com", "parcel never came", "--email", "jmiller88@gmail.com")
    answer(shop, n, "", "the books you ordered never reached you")
    return ["letter", str(n)]


def thin_compound_given_name(shop):
    shop_of(shop, "Clear View Opticians", "Priya Shah", "555-0400")
    n = shop.log("María José García", "lenses wrong prescription", "--phone", "555-0104")
    answer(shop, n, "", "your new lenses were made to the wrong prescription")
    return ["letter", str(n)]


def thin_hungarian_name(shop):
    shop_of(shop, "Szabó Dry Cleaning", "Eva Szabo")
    n = shop.log("Kovács Péter", "stain still on jacket", "--phone", "555-0105")
    answer(shop, n, "Péter", "the stain was still on your jacket when you collected it")
    return ["letter", str(n)]


def careful_groomer_nicked_a_dog(shop):
    shop_of(shop, "Happy Paws Grooming", "Mia Torres", "555-0500")
    n = shop.log("Leah Brooks", "Nicked my dog's ear, vet bill", "--phone", "555-0106", "--channel", "phone")
    shop.ok("amend", str(n), "refund", "--value", "40", "--now")
    return ["letter", str(n)]


def careful_groomer_follow_up(shop):
    shop_of(shop, "Happy Paws Grooming", "Mia Torres", "555-0500")
    n = shop.log("Leah Brooks", "Nicked my dog's ear, vet bill", "--phone", "555-0106", "--channel", "phone")
    shop.ok("fix", str(n), "Paid the vet bill in full")
    shop.ok("edit", str(n), "--we-did", "paid the vet bill in full")
    shop.ok("change", "Ears are trimmed with round-tipped scissors only", "--complaint", str(n))
    return ["letter", str(n)]


def bereaved_florist_apology(shop):
    shop_of(shop, "Willow Flowers", "Grace Hill", "555-0600")
    n = shop.log(
        "Tom Reid",
        "The wreath missed the funeral",
        "--phone",
        "555-0107",
        "--channel",
        "phone",
        "--went-wrong",
        "your wreath arrived after the funeral service had begun",
    )
    shop.ok("amend", str(n), "refund", "--value", "85", "--now")
    shop.ok("amend", str(n), "coupon", "--value", "10", "--now")
    return ["letter", str(n)]


def bereaved_florist_follow_up(shop):
    shop_of(shop, "Willow Flowers", "Grace Hill", "555-0600")
    n = shop.log(
        "Tom Reid",
        "The wreath missed the funeral",
        "--phone",
        "555-0107",
        "--channel",
        "phone",
        "--about",
        "the wreath for the funeral",
    )
    shop.ok("fix", str(n), "Refunded in full and called to apologise")
    shop.ok("edit", str(n), "--we-did", "refunded you in full")
    return ["letter", str(n)]


def sms_bereaved_florist(shop):
    shop_of(shop, "Willow Flowers", "Grace Hill")
    n = shop.log(
        "Tom Reid", "The wreath missed the funeral", "--phone", "555-0107", "--went-wrong", "your wreath arrived late"
    )
    shop.ok("amend", str(n), "coupon", "--value", "10", "--now")
    return ["letter", str(n), "--format", "sms"]


def careful_allergy_new_procedure(shop):
    shop_of(shop, "Corner Café", "Ana Lima")
    n = shop.log(
        "Ben Ito",
        "Allergic reaction after the walnut cake",
        "--email",
        "ben@example.com",
        "--channel",
        "email",
        "--about",
        "the walnut cake",
    )
    shop.ok("change", "Every cake now carries a nut label on the counter", "--complaint", str(n))
    return ["letter", str(n), "new-procedure"]


def refund_handed_over_at_the_counter(shop):
    garage(shop)
    n = shop.log(
        "Kai Moana",
        "Charged for brake pads I did not get",
        "--channel",
        "counter",
        "--went-wrong",
        "you were charged for brake pads we did not fit",
    )
    shop.ok("amend", str(n), "refund", "--value", "40", "--now")
    return ["letter", str(n)]


def replacement_sent_promise_kept(shop):
    shop_of(shop, "Clear View Opticians", "Priya Shah")
    n = shop.log("Ola Nord", "Frames snapped in a week", "--phone", "555-0108", "--about", "your new frames")
    shop.ok("amend", str(n), "replacement", "--note", "a new pair of frames", "--by", "friday")
    shop.at("2026-11-25T11:00:00")
    shop.ok("keep", "P1")
    return ["letter", str(n), "promise-kept"]


def coupon_sent_promise_kept(shop):
    shop_of(shop, "Corner Café", "Ana Lima")
    n = shop.log("Rui Costa", "Waited 30 minutes for a table", "--phone", "555-0109", "--about", "your wait")
    shop.ok("amend", str(n), "coupon", "--value", "10", "--by", "tomorrow")
    shop.ok("keep", "P1")
    return ["letter", str(n), "promise-kept"]


def systemic_follow_up_with_finding(shop):
    shop_of(shop, "Inkwell Print Shop", "Kristina Holm")
    n = shop.log(
        "Lars Berg",
        "Posters sent to the wrong address",
        "--email",
        "lars@example.com",
        "--channel",
        "email",
        "--about",
        "your posters",
        "--went-wrong",
        "your posters went to the wrong address",
    )
    shop.ok(
        "judge",
        str(n),
        "--justified",
        "--cause",
        "systemic",
        "--found",
        "the address label was printed before the second check of the order",
    )
    shop.ok("fix", str(n), "Reprinted and couriered")
    shop.ok("edit", str(n), "--we-did", "reprinted your posters and sent them by courier")
    shop.ok("change", "Labels are printed only after the second check", "--complaint", str(n))
    return ["letter", str(n)]


def first_complaint_with_a_later_one(shop):
    rosa(shop)
    shop.at("2026-11-10T10:00:00")
    n = shop.log("Maria Rossi", "My bread was stale", "--phone", "555-0142")
    shop.at("2026-11-23T09:00:00")
    shop.log("Maria Rossi", "My tart was burnt", "--phone", "555-0142")
    return ["letter", str(n)]


def third_complaint(shop):
    rosa(shop)
    for day, summary in (("2026-09-01", "My bread was stale"), ("2026-10-01", "My tart was burnt")):
        shop.at(f"{day}T10:00:00")
        shop.log("Maria Rossi", summary, "--phone", "555-0142")
    shop.at("2026-11-23T09:00:00")
    n = shop.log("Maria Rossi", "My cake was not ready again", "--phone", "555-0142", "--channel", "counter")
    return ["letter", str(n)]


def counter_given_with_a_day(shop):
    shop_of(shop, "Fresh Cuts Salon", "Dee Mills", "555-0700")
    n = shop.log(
        "Ines Duarte",
        "fringe too short",
        "--channel",
        "counter",
        "--happened",
        "yesterday",
        "--went-wrong",
        "your fringe was cut much shorter than you asked",
    )
    return ["letter", str(n)]


def legal_threat_follow_up(shop):
    shop_of(shop, "Pipe Right Plumbing", "Sean Kelly")
    n = shop.log(
        "Helen Shaw",
        "Says she will go to small claims over the leak",
        "--channel",
        "email",
        "--about",
        "the leak after our repair",
    )
    shop.ok("fix", str(n), "Repaired the joint and dried the cupboard")
    shop.ok("edit", str(n), "--we-did", "repaired the joint and dried the cupboard")
    return ["letter", str(n)]


def severe_catering_with_promise(shop):
    shop_of(shop, "Feast Catering", "Omar Said", "555-0800")
    n = shop.log(
        "Ruth Green",
        "Buffet short by ten plates at the wedding",
        "--phone",
        "555-0110",
        "--channel",
        "phone",
        "--severity",
        "high",
        "--happened",
        "saturday",
        "--went-wrong",
        "the buffet at your wedding was ten plates short",
        "--promise",
        "Owner to call re refund",
        "--tell",
        "call you to agree a refund",
        "--by",
        "tomorrow",
    )
    return ["letter", str(n)]


def thin_explanation_by_phone(shop):
    shop_of(shop, "Bright Smile Dental", "Dr Ruth Cole")
    n = shop.log("Ana Silva", "charged for a missed appointment", "--phone", "555-0111", "--channel", "phone")
    shop.ok(
        "judge",
        str(n),
        "--unjustified",
        "--explain",
        "the appointment was booked for Tuesday at ten, and our text reminded you the day before",
    )
    return ["letter", str(n)]


def thin_noticed_by_staff(shop):
    shop_of(shop, "Fresh Cuts Salon", "Dee Mills")
    n = shop.log("Ben Okafor", "left before his trim, waited long", "--channel", "noticed")
    answer(shop, n, "you waited a long time and left before your trim")
    return ["letter", str(n)]


SCENARIOS = [
    apology_counter_in_their_words,
    apology_staff_note_with_about,
    apology_promise_told_and_coupon,
    apology_severe_wedding_cake,
    apology_minor_cold_coffee,
    apology_second_complaint,
    apology_late,
    apology_noticed_by_staff,
    apology_noticed_no_about,
    apology_careful_unwell,
    apology_careful_hurt,
    apology_careful_legal,
    apology_review_long_summary,
    apology_social_in_their_words,
    greeting_title_and_particle,
    greeting_set_by_the_owner,
    greeting_chinese_name,
    greeting_cyrillic_and_hyphen,
    greeting_arabic_name,
    followup_mistake_fixed,
    followup_systemic_with_change,
    followup_two_changes_closed,
    followup_with_promise_still_open,
    followup_second_complaint_careful,
    followup_asked_for_before_the_fix,
    explanation_stored,
    explanation_with_loyalty_coupon,
    explanation_expired_and_used_coupons_not_offered,
    promise_kept_told_on_time,
    promise_kept_late_refund,
    promise_kept_more_to_come,
    promise_kept_redo_replacement,
    new_procedure_one,
    new_procedure_quoting_them,
    new_procedure_odd_text,
    sms_apology_with_code,
    sms_promise_kept,
    sms_smart_encoding,
    thin_in_their_own_words,
    sms_thin_walk_in,
    thin_family_name_first,
    thin_email_for_a_name,
    thin_compound_given_name,
    thin_hungarian_name,
    careful_groomer_nicked_a_dog,
    careful_groomer_follow_up,
    bereaved_florist_apology,
    bereaved_florist_follow_up,
    sms_bereaved_florist,
    careful_allergy_new_procedure,
    refund_handed_over_at_the_counter,
    replacement_sent_promise_kept,
    coupon_sent_promise_kept,
    systemic_follow_up_with_finding,
    first_complaint_with_a_later_one,
    third_complaint,
    counter_given_with_a_day,
    legal_threat_follow_up,
    severe_catering_with_promise,
    thin_explanation_by_phone,
    thin_noticed_by_staff,
]
