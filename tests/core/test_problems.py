from vendorlock.model.problems import Location, Problem, Severity, sort_problems


def test_location_renders_like_the_user_sees_the_spreadsheet() -> None:
    loc = Location("inventaire.xlsx", "Applications", 14, "Éditeur")
    assert loc.render("en") == "inventaire.xlsx: sheet 'Applications', row 14, column 'Éditeur'"
    assert (
        loc.render("fr")
        == "inventaire.xlsx\u00a0: feuille «\u00a0Applications\u00a0», ligne 14, colonne «\u00a0Éditeur\u00a0»"
    )


def test_problems_sort_in_reading_order() -> None:
    a = Problem.make(Severity.ERROR, "x", Location("b.csv", None, 3, "c"))
    b = Problem.make(Severity.WARNING, "x", Location("a.csv", None, 10, "c"))
    c = Problem.make(Severity.ERROR, "x", Location("a.csv", None, 2, "c"))
    assert sort_problems([a, b, c]) == [c, b, a]
