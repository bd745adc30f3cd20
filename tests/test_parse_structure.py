"""Sections, initiatives, Discord Markdown text, links and acronyms from small inline sheets."""

from __future__ import annotations

from bot.ingest import parse_document
from bot.model import Link, ParsedDocument


def parse(body: str) -> ParsedDocument:
    raw = f"---\ntitle: Test sheet\ndate: 2024-01-01\n---\n{body}".encode()
    return parse_document(raw, "test.md")


def titles(doc: ParsedDocument) -> list[str]:
    return [i.title for i in doc.initiatives]


# ---- initiatives --------------------------------------------------------------------------------


def test_each_top_level_bullet_is_an_initiative_in_document_order() -> None:
    doc = parse("Intro.\n\n- **First thing.** Does A.\n- **Second thing.** Does B.\n- Third, plain.\n")
    assert titles(doc) == ["First thing", "Second thing", "Third, plain"]
    assert [i.order for i in doc.initiatives] == [0, 1, 2]


def test_numbered_list_items_are_initiatives() -> None:
    doc = parse("1. **Alpha:** text a\n2. **Beta:** text b\n")
    assert titles(doc) == ["Alpha", "Beta"]


def test_lists_split_by_an_html_comment_are_both_read() -> None:
    doc = parse("- **One.** a\n- **Two.** b\n\n<!-- -->\n\n- **Three.** c\n")
    assert titles(doc) == ["One", "Two", "Three"]
    assert "<!--" not in doc.body_text


def test_nested_items_belong_to_their_parent() -> None:
    doc = parse(
        "- **Parent.** Lead text.\n"
        "    - child one with $5 million\n"
        "    - child two\n"
        "        - grandchild\n"
        "- **Sibling.** Other.\n"
    )
    assert titles(doc) == ["Parent", "Sibling"]
    parent = doc.initiatives[0].text
    assert "child one" in parent and "child two" in parent and "grandchild" in parent
    assert "- child two" in parent  # kept as a sub-list
    assert doc.funding[0].initiative_order == 0


def test_numbered_paragraphs_are_initiatives() -> None:
    # Escaped by pandoc ("1\\."), or a paragraph markdown would not read as a list.
    doc = parse(
        "Below are the actions:\n\n"
        "1\\. The Justice Department issued a final rule on ghost guns. It applies now.\n\n"
        "Some prose.\n"
        "2. This line continues the prose paragraph.\n\n"
        "**Second group**\n\n"
        "5\\. The Department of Labor awarded grants.\n"
    )
    assert titles(doc) == [
        "The Justice Department issued a final rule on ghost guns",
        "The Department of Labor awarded grants",
    ]
    assert not doc.initiatives[0].text.startswith("1")
    assert doc.initiatives[1].section == "Second group"


def test_typed_bullet_paragraphs_are_initiatives() -> None:
    doc = parse("• **Advance pay equity.** OPM will act.\n\n • **Promote transparency.** More.\n")
    assert titles(doc) == ["Advance pay equity", "Promote transparency"]


def test_bold_lead_paragraphs_are_initiatives() -> None:
    doc = parse(
        "**Investing in Port Infrastructure.** The Department is announcing funding.\n\n"
        "**Partnering with Industry:** NOAA is signing an agreement.\n\n"
        "**Today**, the President will travel.\n"
    )
    assert titles(doc) == ["Investing in Port Infrastructure", "Partnering with Industry"]
    assert doc.initiatives[0].text == "**Investing in Port Infrastructure.** The Department is announcing funding."


def test_pandoc_bold_that_commonmark_leaves_open_is_repaired() -> None:
    # "**Title. **Text": the closing ** follows a space, so CommonMark does not close it.
    doc = parse("- **Advancing permitting milestones. **BOEM is announcing a Notice.\n")
    assert titles(doc) == ["Advancing permitting milestones"]
    assert doc.initiatives[0].text == "**Advancing permitting milestones.** BOEM is announcing a Notice."


def test_bold_line_over_its_paragraph_is_an_initiative() -> None:
    doc = parse(
        "**Holding the Regime Accountable**  \nOn July 22, Treasury sanctioned one entity.\n\n"
        "**Engaging the International Community**  \nThe Administration remains concerned.\n"
    )
    assert titles(doc) == ["Holding the Regime Accountable", "Engaging the International Community"]
    assert doc.initiatives[0].text.endswith("On July 22, Treasury sanctioned one entity.")


def test_speaker_quotes_are_not_initiatives() -> None:
    doc = parse("**Secretary Haaland:** “For generations, we have waited.”\n\n- **Real.** Item.\n")
    assert titles(doc) == ["Real"]


def test_title_falls_back_to_a_shortened_first_sentence() -> None:
    long_sentence = "The Department of Energy will " + "deploy clean energy across many rural communities " * 4
    doc = parse(f"- {long_sentence.strip()}. Second sentence.\n- Short one. More.\n- U.S. Customs will act. Next.\n")
    first, second, third = titles(doc)
    assert len(first) <= 100 and first.endswith("…")
    assert long_sentence.startswith(first[:-1])
    assert first[-2] != " "  # cut at a word boundary, not mid-word
    assert long_sentence[len(first) - 1] == " "
    assert second == "Short one"
    assert third == "U.S. Customs will act"


def test_bold_lead_keeps_its_full_text_when_long() -> None:
    lead = "Working with Mexico and Canada to counter illicit fentanyl, the Administration established a Committee in 2022"
    doc = parse(f"- **{lead}.** This committee is strengthening frameworks.\n")
    assert titles(doc) == [lead]


def test_adjacent_bold_runs_make_one_lead() -> None:
    doc = parse("- **Combats** **Opioid** **Trafficking Networks.** The Budget provides.\n- **Title.** **Bold** text.\n")
    assert titles(doc) == ["Combats Opioid Trafficking Networks", "Title"]


def test_an_item_without_words_still_gets_a_title() -> None:
    doc = parse("- .\n- **\\***\n")
    assert all(i.title for i in doc.initiatives)


def test_empty_items_and_closing_markers_are_not_initiatives() -> None:
    doc = parse("- **Real.** One.\n-\n- \\###\n\n\\###\n")
    assert titles(doc) == ["Real"]


# ---- sections -----------------------------------------------------------------------------------


def test_sections_from_headings_bold_paragraphs_and_all_caps_lines() -> None:
    doc = parse(
        "## Heading Section\n\n- **A.** a\n\n"
        "**The partners agreed to:**\n\n- **B.** b\n\n"
        "INCREASING PAY\n\n- **C.** c\n\n"
        "**CREATING NEW SUPPORTS  \n**  \n- **D.** d\n"
    )
    assert doc.sections == ["Heading Section", "The partners agreed to", "INCREASING PAY", "CREATING NEW SUPPORTS"]
    assert [i.section for i in doc.initiatives] == doc.sections


def test_all_caps_words_opening_a_paragraph_name_a_section() -> None:
    doc = parse(
        "TAKING BACK CONTROL: For four years the border went unenforced.\n\n- Texas acted.\n\n"
        "NOTE: one word is not a label.\n\n- Other.\n"
    )
    assert doc.sections == ["TAKING BACK CONTROL"]
    assert [i.section for i in doc.initiatives] == ["TAKING BACK CONTROL", "TAKING BACK CONTROL"]
    assert "For four years the border went unenforced." in doc.body_text


def test_bold_all_caps_lead_of_a_paragraph_is_a_section() -> None:
    doc = parse(
        "**MAKING AMERICAN MANUFACTURING GREAT AGAIN:** Today the President signed a $1.2 trillion deal.\n\n"
        "- The following deals were secured:\n    - Boeing secured a $96 billion order.\n"
    )
    assert doc.sections == ["MAKING AMERICAN MANUFACTURING GREAT AGAIN"]
    assert titles(doc) == ["The following deals were secured"]
    assert doc.initiatives[0].section == "MAKING AMERICAN MANUFACTURING GREAT AGAIN"
    assert [m.initiative_order for m in doc.funding] == [None, 0]


def test_underlined_heading_and_fenced_text() -> None:
    doc = parse("Setext Heading\n==============\n\n- **A.** a\n\n```\nplain *fenced* text\n```\n")
    assert doc.sections == ["Setext Heading"]
    assert "plain *fenced* text" in doc.body_text


def test_initiatives_before_any_section_have_none() -> None:
    doc = parse("- **A.** a\n\n## Later\n\n- **B.** b\n")
    assert [i.section for i in doc.initiatives] == [None, "Later"]


def test_all_caps_label_line_at_the_top_of_a_paragraph() -> None:
    # pandoc: "**INCREASING PAY  \n**  \n" then the section's first paragraph, all one paragraph.
    doc = parse("**INCREASING PAY  \n**  \nUnder the 2021 initiatives, pay rose.\n\n- **Item.** x\n")
    assert doc.sections == ["INCREASING PAY"]
    assert "Under the 2021 initiatives, pay rose." in doc.body_text
    assert titles(doc) == ["Item"]


def test_sheet_of_labelled_prose_sections_reads_each_section_as_an_initiative() -> None:
    doc = parse(
        "Intro paragraph.\n\n"
        "**DELIVERS HIGH SPEED INTERNET**\n\nThe Framework invests $65 billion.\n\nMore on internet.\n\n"
        "**ELIMINATES LEAD PIPES**\n\nClean water for all.\n"
    )
    assert titles(doc) == ["DELIVERS HIGH SPEED INTERNET", "ELIMINATES LEAD PIPES"]
    assert "More on internet." in doc.initiatives[0].text
    assert doc.funding[0].initiative_order == 0


# ---- text, escaping, links ----------------------------------------------------------------------


def test_text_is_discord_markdown_with_safe_links_only() -> None:
    doc = parse(
        "- **Bold lead.** See [the plan](https://example.gov/plan) and *italics*; "
        "[bad](javascript:alert(1)) and [mail](mailto:a@b.c) stay text.\n"
    )
    item = doc.initiatives[0]
    assert item.text == (
        "**Bold lead.** See [the plan](https://example.gov/plan) and *italics*; bad and mail stay text."
    )
    assert item.links == [Link(text="the plan", url="https://example.gov/plan")]


def test_markdown_characters_in_plain_text_are_escaped_and_mentions_left_alone() -> None:
    doc = parse("- **Item.** a_b *not bold\\* ~~x~~ `code` |pipe| \\[x\\] @everyone <@123>\n")
    text = doc.initiatives[0].text
    assert r"a\_b" in text
    assert r"\*not bold\*" in text
    assert r"\~\~x\~\~" in text
    assert r"\`code\`" not in text and r"code" in text
    assert r"\|pipe\|" in text
    assert r"\[x\]" in text
    assert "@everyone" in text and "<@123>" in text


def test_link_urls_cannot_break_out_of_the_link() -> None:
    doc = parse("- **Item.** [text](<https://example.gov/a b(c)>)\n")
    assert doc.initiatives[0].links[0].url == "https://example.gov/a%20b%28c%29"
    assert "[text](https://example.gov/a%20b%28c%29)" in doc.initiatives[0].text


def test_pandoc_escapes_and_closing_markers_are_undone() -> None:
    doc = parse(
        "- **Funding.** Provides \\$5 million in 2019\\. Done.\n\n"
        "Prose paragraph.\n\n\\###\n\n**\\###**\n\n*\\###*\n\n###\n\n***\\###***\n\nLast words. \\###\n"
    )
    assert doc.initiatives[0].text == "**Funding.** Provides $5 million in 2019. Done."
    assert "###" not in doc.body_text
    assert doc.body_text.endswith("Last words.")


def test_raw_html_is_reduced_to_its_text() -> None:
    doc = parse(
        "- **<u>Underlined title</u>** On May 20<sup>th</sup>, NOAA <span style=\"x\">acted</span>.\n\n"
        "<table><tr><td>Eliquis</td><td>$16,482,621,000</td></tr></table>\n\n"
        "<figure><img src=\"a.jpg\"/><figcaption>A caption</figcaption></figure>\n"
    )
    item = doc.initiatives[0]
    assert item.title == "Underlined title"
    assert "On May 20th, NOAA acted." in item.text
    assert "<" not in doc.body_text
    assert "Eliquis | $16,482,621,000" in doc.body_text
    assert "A caption" in doc.body_text
    assert [f.amount_usd for f in doc.funding] == [16_482_621_000]


def test_underlined_span_lead_is_a_title() -> None:
    doc = parse('- <span style="text-decoration: underline">DOI action:</span> To position the industry.\n')
    assert titles(doc) == ["DOI action"]


def test_invisible_characters_and_odd_spaces_are_removed_everywhere() -> None:
    doc = parse("## Biden-\u2060Harris\u00a0Plan\n\n- **Co\u00adoperate\u200b.** Text\u00a0with\u2060 joiners.\n")
    assert doc.sections == ["Biden-Harris Plan"]
    assert doc.initiatives[0].title == "Cooperate"
    assert doc.initiatives[0].text == "**Cooperate.** Text with joiners."
    assert "\u00a0" not in doc.body_text and "\u2060" not in doc.body_text


def test_body_text_is_plain() -> None:
    doc = parse("Intro with [a link](https://x.gov) and **bold**.\n\n- **Item.** One.\n")
    assert doc.body_text == "Intro with a link and bold.\n\nItem. One."


# ---- acronyms -----------------------------------------------------------------------------------


def test_acronym_definitions() -> None:
    doc = parse(
        "- **Expanding our High Intensity Drug Trafficking Area (HIDTA) Program.** More.\n"
        "- At the request of the United States, the UN Commission on Narcotic Drugs (CND) voted.\n"
        "- The Office of Personnel Management (OPM) and the U.S. Department of Agriculture (USDA) act.\n"
        "- The Department of Defense (DoD) and Historically Black Colleges and Universities (HBCUs).\n"
        "- Plain parentheses (see below) and numbers (2023) define nothing.\n"
    )
    assert {a.short: a.full for a in doc.acronyms} == {
        "HIDTA": "High Intensity Drug Trafficking Area",
        "CND": "Commission on Narcotic Drugs",
        "OPM": "Office of Personnel Management",
        "USDA": "U.S. Department of Agriculture",
        "DoD": "Department of Defense",
        "HBCUs": "Historically Black Colleges and Universities",
    }
    assert doc.initiatives[0].title == "Expanding our High Intensity Drug Trafficking Area (HIDTA) Program"


def test_initiatives_list_acronyms_they_define_or_use() -> None:
    doc = parse(
        "The People’s Republic of China (PRC) and the High Intensity Drug Trafficking Area (HIDTA) program.\n\n"
        "- **One.** The PRC acted.\n"
        "- **Two.** Funding for high intensity drug trafficking area grants.\n"
        "- **Three.** Two HIDTAs and the PRC’s notice.\n"
        "- **Four.** PRCX and XPRC are other words.\n"
    )
    assert [i.acronyms for i in doc.initiatives] == [["PRC"], ["HIDTA"], ["PRC", "HIDTA"], []]


def test_acronym_use_is_found_the_same_way_in_sheets_with_many_acronyms() -> None:
    defined = " ".join(f"Alpha Beta Number{n} (ABN{n})." for n in range(45))
    doc = parse(
        f"{defined} The People’s Republic of China (PRC) too.\n\n"
        "- **One.** The PRC’s notice and two ABN7s.\n"
        "- **Two.** alpha beta number3 by name; PRCX is another word.\n"
    )
    assert len(doc.acronyms) == 46
    assert [i.acronyms for i in doc.initiatives] == [["ABN7", "PRC"], ["ABN3"]]


def test_prose_between_lists_starts_a_new_section() -> None:
    """A list introduced by "… include:" prose is not filed under the label of an earlier list."""
    raw = (
        b"---\ntitle: Sections\n---\n\n"
        b"**Diplomacy has resulted in action:**\n\n"
        b"-   The partner issued a notice.\n\n"
        b"These steps build on earlier work. The Administration's other actions include:\n\n"
        b"-   **Expanding the program.** More counties join.\n\n"
        b"A closing paragraph with no colon.\n\n"
        b"-   A last item after plain prose.\n"
    )
    doc = parse_document(raw, "sections.md")
    sections = [initiative.section for initiative in doc.initiatives]
    assert sections == [
        "Diplomacy has resulted in action",
        "The Administration's other actions include",
        "The Administration's other actions include",
    ]


# ---- initiatives the lists and bold leads miss ----------------------------------------------------


def _titles(body: str) -> list[str]:
    from bot.ingest import parse_document

    raw = f"---\ntitle: 'FACT SHEET: Test'\n---\n{body}".encode()
    return [initiative.title for initiative in parse_document(raw, "t.md").initiatives]


def test_a_heading_over_prose_is_an_initiative_when_the_sheet_has_others() -> None:
    body = """
- **Makes the largest investment in transit.** More buses.
- **Ensures broadband.** More lines.

## Safety

The deal invests $11 billion in transportation safety programs, including a new Safe Streets for All
program to help states and localities reduce crashes and fatalities in their communities.

## Electric Buses

American school buses play a critical role in expanding access to education, and the deal will
deliver thousands of electric school buses nationwide.
"""
    assert _titles(body) == ["Makes the largest investment in transit", "Ensures broadband", "Safety",
                             "Electric Buses"]


def test_each_row_of_a_table_is_an_initiative() -> None:
    body = """
## Drugs selected

<table>
<tr><th>Drug Name</th><th>Commonly Treated Conditions</th><th>Cost</th></tr>
<tr><td>Eliquis</td><td>Blood clots</td><td>$16,482,621,000</td></tr>
<tr><td>Jardiance</td><td>Diabetes</td><td>$7,057,707,000</td></tr>
</table>
"""
    titles = _titles(body)
    assert "Eliquis" in titles and "Jardiance" in titles


def test_a_title_cut_mid_clause_reads_as_a_title() -> None:
    body = "**TRANSFORMING U.S. SHIPBUILDING: **Today,** **President Trump signed a memorandum.\n\n" \
           "- **Second item.** Text.\n"
    assert _titles(body)[0] == "Transforming U.S. Shipbuilding"
    assert _titles("- Today, the President is announcing new steps to cut costs. More text.\n")[0] == \
        "The President is announcing new steps to cut costs"
