"""Importing what shops already have (issue 23, item 6): a Google Form's responses, a Square customer
export, a Shopify order export, semicolon files, files that are not UTF-8, dates in the shop's own
order, and maps of other tools' headers saved for next time. Each file here is in the header layout
the tool exports (see docs/importing.md)."""

import csv
import io

from fixit.domain.columns import COLUMNS

GOOGLE_FORM = """Timestamp,Email Address,Your name,Phone number,What went wrong?,Which shop?
11/20/2026 14:03:11,dana@example.com,Dana Reyes,555-0142,"The cake was dry, and late",Mill Lane
11/21/2026 9:15:42,,Lee Park,,Waited 20 minutes,Mill Lane
"""
GOOGLE_MAP = (
    "Your name=name,Timestamp=date,Email Address=email,Phone number=phone,What went wrong?=summary,Which shop?=location"
)

SQUARE_HEADER = [
    "Reference ID",
    "First Name",
    "Last Name",
    "Email Address",
    "Phone Number",
    "Nickname",
    "Company Name",
    "Street Address 1",
    "Street Address 2",
    "City",
    "State",
    "Postal Code",
    "Birthday",
    "Memo",
    "Square Customer ID",
    "Creation Source",
    "First Visit",
    "Last Visit",
    "Transaction Count",
    "Total Spend",
    "Email Subscription Status",
    "Instant Profile",
]
SHOPIFY_LINE = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,"
    "Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,"
    "Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,"
    "Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,"
    "Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,"
    "Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,"
    "Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,"
    "Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,"
    "Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,"
    "Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,"
    "Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,"
    "Payment ID,Payment Terms Name,Next Payment Due At,Payment References"
)
SHOPIFY_HEADER = next(csv.reader([SHOPIFY_LINE]))


def _csv(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_a_google_form_needs_the_shops_date_order_then_imports_with_its_map_saved(shop, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text(GOOGLE_FORM, encoding="utf-8")
    shop.ok("due")  # the database exists, empty
    before = shop.dump()
    refused = shop.run("import", str(path), "--map", GOOGLE_MAP)
    assert refused.exit_code == 2 and "nothing imported: 2 bad row(s)" in refused.stderr
    assert "line 2: '11/20/2026 14:03:11': is that day/month or month/day?" in refused.stderr
    assert "date_order" in refused.stderr
    assert shop.dump() == before
    shop.ok("config", "set", "date_order", "mdy")
    out = shop.ok("import", str(path), "--map", GOOGLE_MAP, "--save-map", "google-form")
    assert "Imported 2 complaint(s)." in out and "--map google-form" in out
    assert shop.query(
        "SELECT cu.name, cu.email, c.summary, c.logged_at, c.location FROM complaints c"
        " JOIN customers cu ON cu.id = c.customer_id ORDER BY c.id"
    ) == [
        ("Dana Reyes", "dana@example.com", "The cake was dry, and late", "2026-11-20T14:03:00+00:00", "Mill Lane"),
        ("Lee Park", None, "Waited 20 minutes", "2026-11-21T09:15:00+00:00", "Mill Lane"),
    ]
    path.write_text(
        GOOGLE_FORM.replace("Dana Reyes", "Ann Olsen")
        .replace("dana@", "ann@")
        .replace("555-0142", "555-0177")
        .replace("Lee Park", "Bo Li"),
        encoding="utf-8",
    )
    assert "Imported 2 complaint(s)." in shop.ok("import", str(path), "--map", "google-form")
    assert "no saved map called 'square'" in shop.fails("import", str(path), "--map", "square")


def test_days_written_with_numbers_follow_the_shops_order(shop, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("name,summary,date,promise,promise_by\nAna,Late,04/11/2026,Call,25/11/2026 4:30 pm\n")
    assert "date_order" in shop.run("import", str(path)).stderr
    shop.ok("config", "set", "date_order", "dmy")
    shop.ok("import", str(path))
    assert shop.query("SELECT substr(logged_at, 1, 10) FROM complaints") == [("2026-11-04",)]
    assert shop.query("SELECT due, due_time FROM promises") == [("2026-11-25", "16:30")]
    shop.ok("config", "set", "date_order", "mdy")
    path.write_text("name,summary,date\nBo,Late,13/11/2026\n")
    assert "month/day/year" in shop.run("import", str(path)).stderr


def test_a_square_customer_export_with_first_and_last_names_joined(shop, tmp_path):
    def row(**cells):
        return [cells.get(title, "") for title in SQUARE_HEADER]

    path = tmp_path / "export.csv"
    path.write_text(
        _csv(
            [
                SQUARE_HEADER,
                row(
                    **{
                        "First Name": "Dana",
                        "Last Name": "Reyes",
                        "Email Address": "dana@example.com",
                        "Phone Number": "+15550142",
                        "Memo": "Charged twice for one cake",
                        "Square Customer ID": "JDKYHBWT1D4F8MFH63DBMEN8Y4",
                        "Creation Source": "Directory",
                        "Transaction Count": "7",
                        "Total Spend": "$212.40",
                    }
                ),
                row(
                    **{
                        "First Name": "Lee",
                        "Last Name": "Park",
                        "Phone Number": "+15550199",
                        "Memo": "Coffee cold twice this week",
                        "Creation Source": "Instant Profile",
                    }
                ),
            ]
        ),
        encoding="utf-8-sig",
    )
    square = "First Name+Last Name=name,Email Address=email,Phone Number=phone,Memo=summary"
    assert "Imported 2 complaint(s)." in shop.ok("import", str(path), "--map", square)
    assert shop.query("SELECT name, phone, email FROM customers ORDER BY id") == [
        ("Dana Reyes", "+15550142", "dana@example.com"),
        ("Lee Park", "+15550199", None),
    ]


def test_a_shopify_order_export_with_its_second_item_lines(shop, tmp_path):
    def row(**cells):
        return [cells.get(title, "") for title in SHOPIFY_HEADER]

    first = dict(
        Name="#1001",
        Email="ann@example.com",
        **{
            "Financial Status": "refunded",
            "Created at": "2026-11-20 09:58:12 +0000",
            "Lineitem quantity": "2",
            "Lineitem name": "Sourdough loaf",
            "Billing Name": "Ann Olsen",
            "Billing Phone": "555-0100",
            "Notes": "Loaf arrived squashed",
            "Currency": "USD",
            "Total": "12.00",
            "Id": "5001",
        },
    )
    path = tmp_path / "orders_export.csv"
    path.write_text(
        _csv(
            [
                SHOPIFY_HEADER,
                row(**first),
                row(Name="#1001", **{"Lineitem quantity": "1", "Lineitem name": "Croissant"}),
                row(
                    Name="#1002",
                    Email="bo@example.com",
                    **{
                        "Created at": "2026-11-21 16:02:00 -0500",
                        "Billing Name": "Bo Li",
                        "Notes": "Wrong cake flavour",
                        "Lineitem name": "Cake",
                        "Lineitem quantity": "1",
                    },
                ),
            ]
        ),
        encoding="utf-8",
    )
    shopify = "Billing Name=name,Email=email,Billing Phone=phone,Created at=date,Notes=summary"
    assert "Imported 2 complaint(s)." in shop.ok("import", str(path), "--map", shopify, "--save-map", "shopify")
    assert shop.query(
        "SELECT c.summary, c.logged_at, cu.name FROM complaints c JOIN customers cu"
        " ON cu.id = c.customer_id ORDER BY c.id"
    ) == [
        ("Loaf arrived squashed", "2026-11-20T09:58:12+00:00", "Ann Olsen"),
        ("Wrong cake flavour", "2026-11-21T21:02:00+00:00", "Bo Li"),
    ]


def test_semicolons_tabs_and_a_byte_order_mark_are_found(shop, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes("\ufeffName;What went wrong;Phone\r\nAnn Müller;Torte zu süß;+49 30 1234567\r\n".encode())
    assert "Imported 1 complaint(s)." in shop.ok("import", str(path))
    path.write_text("name\tsummary\nBo\tLate, again\n")
    assert "Imported 1 complaint(s)." in shop.ok("import", str(path))
    assert shop.query("SELECT summary FROM complaints ORDER BY id") == [("Torte zu süß",), ("Late, again",)]


def test_a_windows_1252_file_is_read_as_such_and_said_so(shop, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("name;summary\r\nRené Côté;Café froid – deux fois\r\n".encode("cp1252"))
    out = shop.ok("import", str(path))
    assert "Read as Windows-1252" in out
    assert shop.query("SELECT name FROM customers") == [("René Côté",)]
    assert "not text in the encoding" in shop.fails("import", str(path), "--encoding", "utf-8")
    assert "not an encoding" in shop.fails("import", str(path), "--encoding", "klingon")


def test_one_column_found_gets_a_hint(shop, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("name:summary\nAna:Late\n")
    assert "only one column found, 'name:summary'" in shop.fails("import", str(path))


def test_a_map_that_does_not_fit_is_one_line(shop, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text(GOOGLE_FORM)
    assert "which is not a column of the file" in shop.fails("import", str(path), "--map", "Your nam=name")
    assert "no column of fixit's" in shop.fails("import", str(path), "--map", "Your name=nombre")
    assert "HEADER=column" in shop.fails("import", str(path), "--map", "Your name")
    assert "--save-map NAME keeps the --map" in shop.fails("import", str(path), "--save-map", "x")
    assert "unknown column(s): 'Timestamp'" in shop.fails("import", str(path))
    assert "--map" in shop.fails("import", str(path))


def test_import_help_lists_every_column(cli):
    help_text = " ".join(cli.ok("import", "--help").split())
    for column in COLUMNS:
        assert column in help_text, column
    assert "--map" in help_text and "--save-map" in help_text


def test_init_asks_for_the_date_order(shop):
    answers = "\n".join(["Rosa's Bakery", "Rosa", "", "€", "", "", "", "3", "dmy"]) + "\n"
    shop.ok("init", input=answers)
    assert shop.query("SELECT value FROM settings WHERE key = 'date_order'") == [("dmy",)]
    shop.ok("init", "--date-order", "mdy")
    assert shop.query("SELECT value FROM settings WHERE key = 'date_order'") == [("mdy",)]


def test_a_saved_map_travels_with_an_export(shop, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text(GOOGLE_FORM)
    shop.ok("config", "set", "date_order", "mdy")
    shop.ok("import", str(path), "--map", GOOGLE_MAP, "--save-map", "google-form")
    export = tmp_path / "all.json"
    shop.ok("export", "--format", "json", "--out", str(export))
    copy = str(tmp_path / "copy.db")
    shop.ok("--db", copy, "import", str(export))
    path.write_text(
        GOOGLE_FORM.replace("Dana Reyes", "Ann Olsen").replace("dana@", "ann@").replace("555-0142", "555-0177")
    )
    assert "Imported 2" in shop.ok("--db", copy, "import", str(path), "--map", "google-form")
