//! Survey definitions and registries given with `--survey` and
//! `--registry`: a definition with a mistake is refused with a message that
//! names it, and a changed definition changes what is checked.

use crate::{collect_in, findings, root};

const BUILTIN: &str = include_str!("../../surveys/ssvit-lokalt-nulage.toml");

fn refused(definition: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("enkat.toml"), definition).unwrap();
    let file = root().join("fixtures/submissions/1401-harryda.xlsx");
    let run = collect_in(
        dir.path(),
        &[
            "--survey",
            "enkat.toml",
            "validate",
            &file.display().to_string(),
        ],
    );
    assert_eq!(run.code, 2, "{definition:.0}{}", run.stderr);
    assert!(run.stderr.contains("enkat.toml"), "{}", run.stderr);
    assert!(
        run.stderr.contains(expected),
        "expected {expected:?} in {}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn an_unknown_type_is_refused() {
    refused(
        &BUILTIN.replacen("type = \"amount\"", "type = \"money\"", 1),
        "money",
    );
}

#[test]
fn an_undefined_choice_list_is_refused() {
    refused(
        &BUILTIN.replacen("choices = \"doktyp\"", "choices = \"dokumenttyp\"", 1),
        "svarslistan \"dokumenttyp\", som inte är definierad",
    );
}

#[test]
fn a_duplicate_question_id_is_refused() {
    refused(
        &BUILTIN.replacen("id = \"roll\"", "id = \"telefon\"", 1),
        "frågan \"telefon\" finns två gånger",
    );
}

#[test]
fn a_rule_naming_a_missing_question_is_refused() {
    refused(
        &BUILTIN.replacen("right = \"besvarad\"", "right = \"besvarat\"", 1),
        "nämner frågan \"besvarat\", som inte finns",
    );
}

#[test]
fn an_unknown_key_is_refused() {
    refused(
        &BUILTIN.replacen("required = true", "requird = true", 1),
        "requird",
    );
}

#[test]
fn a_changed_definition_changes_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    // Levels now go to 2 only; the example answers 3 everywhere.
    let definition = BUILTIN
        .replacen("min = 1\nmax = 5", "min = 1\nmax = 2", 1)
        .replacen(
            "scale = [\"Saknas\", \"Påbörjad\", \"Etablerad\", \"Utvecklad\", \"Ledande\"]",
            "scale = [\"Saknas\", \"Påbörjad\"]",
            1,
        );
    std::fs::write(dir.path().join("enkat.toml"), definition).unwrap();
    let file = root().join("fixtures/formats/arbetsbok.xlsx");
    let run = collect_in(
        dir.path(),
        &[
            "--survey",
            "enkat.toml",
            "validate",
            "--format",
            "json",
            &file.display().to_string(),
        ],
    );
    let (errors, _) = findings(&run.json());
    assert_eq!(errors.len(), 8, "one per capability area: {errors:?}");
    assert!(
        errors
            .iter()
            .all(|(code, place)| code == "integer.out_of_range" && place.starts_with("Förmågor!C")),
        "{errors:?}"
    );
}

#[test]
fn a_scale_that_does_not_fit_its_range_is_refused() {
    refused(
        &BUILTIN.replacen("min = 1\nmax = 5", "min = 1\nmax = 4", 1),
        "5 nivåer i scale",
    );
}

#[test]
fn a_broken_registry_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("reg.csv"),
        "id,name,kind,delregion,population\n1,A,stad,X,1\n",
    )
    .unwrap();
    let file = root().join("fixtures/submissions/1401-harryda.xlsx");
    let run = collect_in(
        dir.path(),
        &[
            "--registry",
            "reg.csv",
            "validate",
            &file.display().to_string(),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("reg.csv"), "{}", run.stderr);
}

#[test]
fn the_builtin_survey_is_valid() {
    let survey = collect::survey::Survey::parse(BUILTIN, "inbyggd").expect("valid");
    assert_eq!(survey.id, "ssvit-lokalt-nulage");
    assert_eq!(survey.version, 1);
    assert_eq!(survey.sections.len(), 4);
}

#[test]
fn a_rule_code_that_looks_like_a_builtin_one_is_refused() {
    refused(
        &BUILTIN.replacen(
            "code = \"document.expired\"",
            "code = \"answer.expired\"",
            1,
        ),
        "börjar som collects egna koder",
    );
}

#[test]
fn a_misspelt_placeholder_is_refused() {
    refused(
        &BUILTIN.replacen("{left}", "{lefft}", 1),
        "platshållaren {lefft}",
    );
}

/// Every role the store relies on is required by the definition check, so
/// that a definition without it is refused before any file is read, never
/// by the database during `import`.
#[test]
fn a_definition_without_a_role_the_store_needs_is_refused() {
    for role in ["respondent", "year", "answer_date"] {
        let line = format!("role = \"{role}\"\n");
        assert!(BUILTIN.contains(&line), "{role}");
        refused(
            &BUILTIN.replacen(&line, "", 1),
            &format!(
                "enkäten behöver exakt en fråga med rollen {role} i ett formulär (form), har 0"
            ),
        );
    }
}

#[test]
fn a_role_on_a_question_of_the_wrong_type_is_refused() {
    let answer_date = "type = \"date\"\nrequired = true\nnot_future = true\nrole = \"answer_date\"";
    assert!(BUILTIN.contains(answer_date));
    refused(
        &BUILTIN.replacen(
            answer_date,
            "type = \"text\"\nrequired = true\nrole = \"answer_date\"",
            1,
        ),
        "har rollen answer_date men typen är inte date",
    );
    refused(
        &BUILTIN.replacen(
            answer_date,
            "type = \"date\"\nnot_future = true\nrole = \"answer_date\"",
            1,
        ),
        "har rollen answer_date och måste vara obligatorisk (required)",
    );
}
