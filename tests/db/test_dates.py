"""Behaviour of db.extract.dates: document dates, date mentions, resolution."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.extract.dates import find_dates
from db.extract.dates.grammar import RULES, RX
from db.text.docdate import parse_doc_date
from db.text.types import DocDate

DAY = DocDate(2023, 9, 13)  # a Wednesday
MONTH = DocDate(2023, 9)
YEAR = DocDate(2023)


def found(text: str, anchor: DocDate | None = DAY) -> list[tuple[str, str | None, str | None, str]]:
    out = []
    for m in find_dates(text, anchor):
        assert text[m.start : m.end] == m.text
        out.append((m.text, m.date, m.precision, m.relation))
    return out


def one(text: str, anchor: DocDate | None = DAY) -> tuple[str, str | None, str | None, str]:
    got = found(text, anchor)
    assert len(got) == 1, got
    return got[0]


# --------------------------------------------------------------------------
# parse_doc_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-09", DocDate(2023, 9)),
        ("2023-09-13", DocDate(2023, 9, 13)),
        ("2023", DocDate(2023)),
        ("September 13, 2023", DocDate(2023, 9, 13)),
        ("13 Sep 2023", DocDate(2023, 9, 13)),
        ("Sept. 2023", DocDate(2023, 9)),
        ("2023/09/13", DocDate(2023, 9, 13)),
        ("2023-09-13T10:00:00Z", DocDate(2023, 9, 13)),
        ("2023-09-13T10:00:00+05:30", DocDate(2023, 9, 13)),
        ("Wed, 13 Sep 2023 10:00:00 +0000", DocDate(2023, 9, 13)),
        ("  2023-09-13 ", DocDate(2023, 9, 13)),
        ("February 29, 2024", DocDate(2024, 2, 29)),
    ],
)
def test_parse_doc_date(value: str, expected: DocDate) -> None:
    assert parse_doc_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "February 30, 2023",
        "2023-02-30",
        "0000",
        "0000-01-01",
        "99999",
        "2023-13",
        "2023-13-01",
        "February 29, 2023",
        "",
        "   ",
        "yesterday",
        "13",
        "Sept.",
        "2023-09-13 and more",
        "\x00",
    ],
)
def test_parse_doc_date_rejects(value: str) -> None:
    assert parse_doc_date(value) is None


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_parse_doc_date_never_raises(value: str) -> None:
    parse_doc_date(value)


# --------------------------------------------------------------------------
# the grammar: each rule's own examples


def test_every_rule_has_examples_and_its_own_groups() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for r in RULES:
        assert r.examples, r.name
        groups = re.compile(r.regex, re.VERBOSE).groupindex
        assert all(g == r.name or g.startswith(r.name + "_") for g in groups), (r.name, list(groups))


@pytest.mark.parametrize(
    "name, text, value", [(r.name, text, value) for r in RULES for text, value in r.examples], ids=lambda x: str(x)
)
def test_rule_examples(name: str, text: str, value: str | None) -> None:
    # the rule, not an earlier one, matches its example whole ...
    m = RX.match(text)
    assert m is not None and (m.lastgroup, m.group(0)) == (name, text)
    # ... and resolves it (the examples are dated against Wednesday 2023-09-13)
    assert [(d.text, d.date) for d in find_dates(text, DAY)] == [(text, value)]


# --------------------------------------------------------------------------
# absolute dates


@pytest.mark.parametrize(
    "text, span, value, precision",
    [
        ("It was filed on 2023-09-13.", "2023-09-13", "2023-09-13", "day"),
        ("It was filed on 2023-09-13T10:00:00Z.", "2023-09-13T10:00:00Z", "2023-09-13", "day"),
        ("The filing of 2023/09/13 said so.", "2023/09/13", "2023-09-13", "day"),
        ("It began on September 13, 2023, in Delhi.", "September 13, 2023", "2023-09-13", "day"),
        ("It began on 13 September 2023 in Delhi.", "13 September 2023", "2023-09-13", "day"),
        ("It began on Sept. 30, 1998 in Delhi.", "Sept. 30, 1998", "1998-09-30", "day"),
        ("Sales fell in Sept. 2022 sharply.", "Sept. 2022", "2022-09", "month"),
        ("Sales fell in Sep 2022 sharply.", "Sep 2022", "2022-09", "month"),
        ("Sales fell in July 1997 sharply.", "July 1997", "1997-07", "month"),
        ("It opened in 2019 with fanfare.", "2019", "2019", "year"),
        ("The plant reopened in mid-2020.", "mid-2020", "2020", "year"),
        ("Profits peaked at the end of 1990.", "the end of 1990", "1990", "year"),
        ("Shipments rose in Q3 2023.", "Q3 2023", "2023", "year"),
        ("The 2019 election changed that.", "2019", "2019", "year"),
        ("Its 2019's results were poor.", "2019", "2019", "year"),
        ("The study (2019) said so.", "2019", "2019", "year"),
        ("Met on Monday, Oct. 26, 1998 in Paris.", "Monday, Oct. 26, 1998", "1998-10-26", "day"),
        ("The war began in nineteen seventy-nine.", "nineteen seventy-nine", "1979", "year"),
    ],
)
def test_absolute(text: str, span: str, value: str, precision: str) -> None:
    assert one(text) == (span, value, precision, "on")


def test_day_month_without_year_takes_the_anchor_year() -> None:
    assert one("The deal closed on 13 Sep with a bang.") == ("13 Sep", "2023-09-13", "day", "on")
    assert one("The deal closed on Sept. 4 with a bang.") == ("Sept. 4", "2023-09-04", "day", "on")


def test_month_alone() -> None:
    assert one("The plant opened in August.") == ("August", "2023-08", "month", "on")
    assert one("The plant opened in early August.") == ("early August", "2023-08", "month", "on")
    # a month far after the anchor in a past-tense sentence is last year's
    assert one("The plant opened in December.", DocDate(2023, 2, 1)) == ("December", "2022-12", "month", "on")
    # ... and a month soon after it in the future tense is this year's
    assert one("The plant will open in December.", DocDate(2023, 10, 1)) == ("December", "2023-12", "month", "on")
    assert one("The plant will open in January.", DocDate(2023, 11, 1)) == ("January", "2024-01", "month", "on")
    # year-dated document: the anchor's year
    assert one("The plant opened in December.", YEAR) == ("December", "2023-12", "month", "on")
    # undated document: found, not resolved
    assert one("The plant opened in December.", None) == ("December", None, None, "on")


def test_month_names_that_are_not_dates() -> None:
    assert found("April Smith said the firm may grow.") == []
    assert found("Ms Smith said it may rain in the Marches.") == []
    assert found("Mark Jones of Mars Inc. said Junk-bond holders may sell.") == []
    assert found("Markets close early each July.") == []


def test_names_that_are_not_relative_dates() -> None:
    assert found("Speaking on Radio 4's Today programme, he said no.") == []
    assert found('Speaking on ABC\'s "This Week," he said no.') == []
    assert found("It is the music of tomorrow and today's world.") == []
    assert one("Today the firm said no.") == ("Today", "2023-09-13", "day", "on")


def test_clock_times_and_decades_are_not_years() -> None:
    assert [t for t, *_ in found("Kick-off is at 1945 GMT on 1 March.")] == ["1 March"]
    assert found("Prices rose through the 1990's.") == []


@pytest.mark.parametrize(
    "text",
    [
        "It currently has 18,000 stores in the country.",
        "Revenue grew 3.5% to $2019 million.",
        "It sold 2019 shares and hired 2000 people.",
        "The flight was No. 1990 and Windows 2000 ran it.",
        "Prices rose through the 1990s.",
        "Call 555-1990 at 10:30 for details.",
        "It ran for three years, a P3M contract, every week and on Mondays.",
    ],
)
def test_not_dates(text: str) -> None:
    assert found(text) == []


# --------------------------------------------------------------------------
# weekdays and relative expressions


def test_weekday_in_a_day_dated_document() -> None:
    # the most recent such day on or before the document date
    assert one("Dixon said on Wednesday that it has a deal.") == ("Wednesday", "2023-09-13", "day", "on")
    assert one("Dixon said on Monday that it has a deal.") == ("Monday", "2023-09-11", "day", "on")
    assert one("Dixon said Thursday that it has a deal.") == ("Thursday", "2023-09-07", "day", "on")
    # future tense: the coming one
    assert one("The board will meet on Friday.") == ("Friday", "2023-09-15", "day", "on")
    assert one("They met last Friday.") == ("last Friday", "2023-09-08", "day", "on")
    assert one("They meet next Monday.") == ("next Monday", "2023-09-18", "day", "on")


def test_weekday_resolves_at_the_anchor_precision() -> None:
    text = "Dixon Technologies said in a filing on Wednesday that it has entered into a partnership."
    assert one(text, MONTH) == ("Wednesday", "2023-09", "month", "on")
    assert one(text, YEAR) == ("Wednesday", "2023", "year", "on")
    assert one(text, None) == ("Wednesday", None, None, "on")


@pytest.mark.parametrize(
    "phrase, value, precision",
    [
        ("yesterday", "2023-09-12", "day"),
        ("today", "2023-09-13", "day"),
        ("tomorrow", "2023-09-14", "day"),
        ("last week", "2023-09", "month"),
        ("this week", "2023-09", "month"),
        ("next month", "2023-10", "month"),
        ("last month", "2023-08", "month"),
        ("this month", "2023-09", "month"),
        ("last year", "2022", "year"),
        ("next year", "2024", "year"),
        ("this year", "2023", "year"),
        ("two years ago", "2021", "year"),
        ("three days ago", "2023-09-10", "day"),
        ("a week ago", "2023-09", "month"),
        ("earlier this month", "2023-09", "month"),
        ("early next year", "2024", "year"),
        ("last November", "2022-11", "month"),
        ("June last year", "2022-06", "month"),
    ],
)
def test_relative(phrase: str, value: str, precision: str) -> None:
    assert one(f"The company said it {phrase} in a filing.") == (phrase, value, precision, "on")


def test_last_week_crossing_a_month() -> None:
    assert one("Talks stalled last week.", DocDate(2023, 10, 3)) == ("last week", "2023-09", "month", "on")


def test_relative_at_coarser_anchors() -> None:
    assert one("Talks stalled yesterday.", MONTH) == ("yesterday", "2023-09", "month", "on")
    assert one("Talks stalled last month.", MONTH) == ("last month", "2023-08", "month", "on")
    assert one("Talks stalled last year.", MONTH) == ("last year", "2022", "year", "on")
    assert one("Talks stalled last month.", YEAR) == ("last month", "2023", "year", "on")
    assert one("Talks stalled last year.", None) == ("last year", None, None, "on")


def test_anaphoric_days_are_found_unresolved() -> None:
    assert one("Talks stalled the previous day.") == ("the previous day", None, None, "on")


def test_sets_and_holiday_names_are_not_weekdays() -> None:
    assert found("Markets close early every Friday.") == []
    assert found("The Sunday Times reported it.") == []
    assert found("Sales on Black Friday were strong.") == []


# --------------------------------------------------------------------------
# ordering phrases


@pytest.mark.parametrize(
    "text, span, value, precision, relation",
    [
        ("It has grown since 2019 in India.", "since 2019", "2019", "year", "after"),
        ("It must be done before 2020 at the latest.", "before 2020", "2020", "year", "before"),
        ("It changed after March in India.", "after March", "2023-03", "month", "after"),
        ("The freeze lasts until 2024 in India.", "until 2024", "2024", "year", "before"),
        ("It will be done by 2025 in India.", "by 2025", "2025", "year", "before"),
        ("It happened two weeks after March 3 in India.", "two weeks after March 3", "2023-03-03", "day", "after"),
        ("Prices have risen since last year.", "since last year", "2022", "year", "after"),
    ],
)
def test_ordering_with_a_date(text: str, span: str, value: str, precision: str, relation: str) -> None:
    assert one(text) == (span, value, precision, relation)


def test_ordering_without_a_date_is_bound_by_the_document_date() -> None:
    # what follows "after" happened before the sentence's event, which is at or before the document's date
    seed = "The partnership with Padget comes months after Xiaomi announced plans to expand its network."
    assert one(seed, DocDate(2023, 9)) == ("months after", "2023-09", "month", "before")
    assert one("Sales rose weeks after the election.") == ("weeks after", "2023-09-13", "day", "before")
    later = one("This also comes mere days after the firm revealed a deal.")
    assert later == ("days after", "2023-09-13", "day", "before")
    assert one("The deal comes days before the vote.") == ("days before", "2023-09-13", "day", "after")
    # the other tense binds nothing: a past "before" or a future "after" says nothing of the document's date
    assert one("Prices fell days before the vote.") == ("days before", None, None, "before")
    assert one("The talks will start weeks after the election.") == ("weeks after", None, None, "after")
    assert one("He resigned three years later.") == ("three years later", None, None, "after")
    assert one("It comes months after the deal.", None) == ("months after", None, None, "before")


def test_a_year_earlier_in_a_comparison_is_the_year_before() -> None:
    # the figure compared with is dated: the year (month) before the sentence's own date, else the document's
    assert one("The dividend rose 15% to 4.6 pence from 4 pence a year earlier.") == (
        "a year earlier",
        "2022",
        "year",
        "on",
    )
    assert one("Prices were 3% higher than two months earlier.") == ("two months earlier", "2023-07", "month", "on")
    assert found("Sales in 2004 were up 5% compared with a year earlier.") == [
        ("2004", "2004", "year", "on"),
        ("a year earlier", "2003", "year", "on"),
    ]
    assert one("Profit fell compared with a year earlier.", None) == ("a year earlier", None, None, "before")
    # outside a comparison it relates to the narrative: undated
    assert one("A year earlier he had left the firm.") == ("A year earlier", None, None, "before")
    assert one("Up 5%; a year earlier he had left the firm.") == ("a year earlier", None, None, "before")
    assert one("Profit was higher than expected, a few years earlier.") == ("a few years earlier", None, None, "before")


def test_year_earlier_as_a_modifier() -> None:
    assert one("It compared with year-earlier net income of $9 million.") == ("year-earlier", "2022", "year", "on")
    assert one("The year-ago quarter included a charge.") == ("year-ago", "2022", "year", "on")
    assert one("The year-ago quarter included a charge.", None) == ("year-ago", None, None, "on")


def test_by_with_a_possessive_is_not_a_bound() -> None:
    assert one("It was hit by Friday's storm.") == ("Friday", "2023-09-08", "day", "on")


# --------------------------------------------------------------------------
# offsets and robustness


def test_offsets_are_absolute_and_bounded() -> None:
    text = "Intro on Monday. Then on Tuesday it said so. Outro on Friday."
    start = text.index("Then")
    end = text.index(" Outro")
    got = find_dates(text, DAY, start, end)
    assert [(m.text, m.start) for m in got] == [("Tuesday", text.index("Tuesday"))]
    for m in got:
        assert text[m.start : m.end] == m.text


def test_impossible_dates_are_dropped() -> None:
    assert found("It happened on February 30, 2023 and 2023-13-01.") == []
    assert found("It happened on 31 April.") == []


def test_huge_and_tiny_years() -> None:
    assert found("In 99999 and in 0000 nothing happened.") == []
    # resolving near the calendar's edges must not raise
    assert found("It happened yesterday and 5 years ago.", DocDate(1, 1, 1))[0][1] is None
    found("It happens tomorrow and next year.", DocDate(9999, 12, 31))


def test_bad_anchor_is_treated_as_undated() -> None:
    assert one("Talks stalled last year.", DocDate(2023, 2, 30)) == ("last year", None, None, "on")
    for anchor in (DocDate(0), DocDate(-5, 1, 1), DocDate(10**30), DocDate(2023, 13), DocDate(2023, 0, 5)):
        assert one("Talks stalled last year.", anchor) == ("last year", None, None, "on")
    # a day without a month is ignored: the anchor is its year
    assert one("Talks stalled last month.", DocDate(2023, None, 5)) == ("last month", "2023", "year", "on")


@pytest.mark.parametrize(
    "text",
    [
        # letters that match ASCII ones case-insensitively but do not lower-case to them
        # (long s, dotted capital I, Kelvin sign): once a KeyError, swallowed by a blanket except
        "Talks stalled laſt week.",
        "It opened in June laſt year.",
        "Talks stalled THİS week.",
        "It has grown ſince 2019.",
        "Talks stalled \u212a weeks ago, seven ſeconds ago.",
    ],
)
def test_look_alike_letters_do_not_raise(text: str) -> None:
    for m in find_dates(text, DAY):
        assert text[m.start : m.end] == m.text


@given(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200),
    st.integers(-5, 300),
    st.integers(-5, 300),
)
@settings(max_examples=200, deadline=None)
def test_find_dates_never_raises(text: str, start: int, end: int) -> None:
    for m in find_dates(text, DAY, start, end):
        assert text[m.start : m.end] == m.text


_WORDS = st.sampled_from(
    [
        "on",
        "Monday",
        "last",
        "week",
        "2019",
        "since",
        "Sept.",
        "30",
        ",",
        "ago",
        "two",
        "years",
        "after",
        "the",
        "9999",
        "0",
        "May",
        "February",
        "29",
        "next",
        "mid-",
        "early",
        "yesterday",
        "Q3",
        "-",
        "/",
        "13",
        # look-alike letters (long s, dotted capital I) and Arabic-Indic digits
        "laſt week",
        "June laſt year",
        "THİS month",
        "ſince",
        "٢٠١٩",
    ]
)


# any anchor at all, impossible ones included (month 13, February 30, year 0 or 10**20)
_ANY_ANCHOR = st.one_of(
    st.sampled_from([DAY, MONTH, YEAR, None, DocDate(9999, 12, 31), DocDate(1, 1, 1)]),
    st.builds(
        DocDate,
        st.integers(-(10**20), 10**20) | st.integers(0, 10000),
        st.none() | st.integers(-2, 14),
        st.none() | st.integers(-2, 33),
    ),
)


@given(st.lists(_WORDS, max_size=12), _ANY_ANCHOR)
@settings(max_examples=200, deadline=None)
def test_date_words_never_raise(words: list[str], anchor: DocDate | None) -> None:
    text = " ".join(words)
    for m in find_dates(text, anchor):
        assert text[m.start : m.end] == m.text
        assert m.precision in (None, "day", "month", "year")
        assert m.relation in ("on", "before", "after")
        assert (m.date is None) == (m.precision is None)


@pytest.mark.parametrize(
    "text, dated",
    [
        ("Sales fell over Christmas.", True),
        ("The Christmas period was weak.", True),
        ("Shops stayed open until Christmas Eve.", True),
        ("Retailers had endured their worst Christmas in a decade.", False),
        ("A Christmas tree that can receive e-mail went on sale.", False),
        ("Christmas shoppers flocked to the stores.", False),
        ("He wrote his Christmas message in the north.", False),
    ],
)
def test_a_holiday_name_is_a_date_only_in_date_context(text: str, dated: bool) -> None:
    assert bool(found(text)) == dated, found(text)


def test_a_weekday_inside_a_name_is_no_date() -> None:
    assert found("Fans watched Monday Night Football at the bar.") == []
    assert one("On Monday Smith said it would close.")[1] == "2023-09-11"
    assert one("Iran Saturday condemned the bombing.")[1] == "2023-09-09"  # the wires' "X Saturday did"


def test_movable_holidays_fall_on_their_day_of_the_year() -> None:
    from db.extract.dates.absolute import holiday_day

    assert holiday_day("11 thu 4", 1999) == (11, 25)  # the fourth Thursday of November
    assert holiday_day("5 mon -1", 2021) == (5, 31)  # the last Monday of May
    assert holiday_day("easter 0", 2024) == (3, 31)
    assert holiday_day("easter -2", 2023) == (4, 7)
    assert holiday_day("12-25", 2023) == (12, 25)
    assert holiday_day("13 thu 4", 2023) is None


def test_a_holiday_takes_the_year_the_tense_gives() -> None:
    january = DocDate(2000, 1, 7)
    assert one("The boy was found on Thanksgiving Day clinging to a tube.", january) == (
        "Thanksgiving Day",
        "1999-11-25",
        "day",
        "on",
    )
    assert one("He was found last Thanksgiving after a wreck.", january)[1:3] == ("1999-11-25", "day")
    assert one("Shops were busy over Easter.", january)[1] == "1999-04-04"
    assert one("It happened on Good Friday.", DocDate(2023, 9, 13))[1] == "2023-04-07"
    assert one("We met on Valentine’s Day.", january)[1] == "2000-02-14"
    # a one-word name before another capitalised word is part of a name
    assert found("They sailed on to Easter Island.", january) == []
    assert found("He sang at the Christmas Carol service.", january) == []


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("aAdDyYsSiIkK9 \u0131\u017f\u0130\u212a\u00dfÉé£’"), max_size=30))
def test_the_quick_rejection_read_on_the_lower_case_answers_as_ignoring_case(text: str) -> None:
    """find._quick reads QUICK_LOWER on the lower case of the text where that is the same answer (speed)."""
    from db.extract.dates.find import _quick
    from db.extract.dates.grammar import QUICK

    for case in (text, text + " day", "Day " + text, text + "ſ", "İ" + text):
        for lo in range(0, len(case) + 1, 3):
            assert _quick(case, lo, len(case)) == (QUICK.search(case, lo, len(case)) is not None)
