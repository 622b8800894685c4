//! The command line (CLI.md): global options and subcommands, clap derive.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Format;

pub mod usage;

/// Samlar in SSVIT:s enkät om digitaliseringsstrategier och budget från
/// organisationerna i Västra Götaland, kontrollerar svaren och rapporterar.
#[derive(Debug, Parser)]
#[command(name = "collect", version, about, long_about = None)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Insamlingens SQLite-databas.
    #[arg(
        long,
        global = true,
        env = "COLLECT_DB",
        default_value = "collect.db",
        value_name = "SÖKVÄG"
    )]
    pub db: PathBuf,
    /// En enkätdefinition (TOML) [standard: den inbyggda SSVIT-enkäten].
    #[arg(long, global = true, value_name = "SÖKVÄG")]
    pub survey: Option<PathBuf>,
    /// Ett register över respondenter, CSV (id,name,kind,delregion,population,…) [standard: de inbyggda 54].
    #[arg(long, global = true, value_name = "SÖKVÄG")]
    pub registry: Option<PathBuf>,
    /// Budgetåret kommandot gäller [standard: för import filens eget (en fil från ett annat år underkänns); för report, status och export det senaste i databasen; för template och remind innevarande år].
    #[arg(long, global = true, value_name = "N", value_parser = usage::integer::<i32>)]
    pub year: Option<i32>,
    /// Limits on what a submitted file may make collect do.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Limits on submitted files (docs/reliability.md); a file over one is invalid.
#[derive(Debug, Args)]
#[command(next_help_heading = "Gränser")]
pub struct LimitArgs {
    /// Största fil, i MB.
    #[arg(
        long,
        global = true,
        value_name = "MB",
        default_value_t = 50,
        value_parser = usage::integer::<u64>
    )]
    pub max_file_mb: u64,
    /// Största uppackade storlek för en arbetsbok, i MB.
    #[arg(
        long,
        global = true,
        value_name = "MB",
        default_value_t = 200,
        value_parser = usage::integer::<u64>
    )]
    pub max_unzipped_mb: u64,
    /// Flest delar (zip-poster) i en arbetsbok.
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 10_000,
        value_parser = usage::integer::<usize>
    )]
    pub max_zip_entries: usize,
    /// Flest rader per blad eller CSV-fil.
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 100_000,
        value_parser = usage::integer::<u32>
    )]
    pub max_rows: u32,
    /// Flest kolumner per blad eller fält per CSV-rad.
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 1_000,
        value_parser = usage::integer::<u32>
    )]
    pub max_columns: u32,
    /// Flest tecken i en cell.
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 32_767,
        value_parser = usage::integer::<usize>
    )]
    pub max_cell_chars: usize,
    /// Flest celler (rader × kolumner) i ett blad som läses helt (.xls, .ods).
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 2_000_000,
        value_parser = usage::integer::<u64>
    )]
    pub max_grid_cells: u64,
}

impl LimitArgs {
    /// The limits these options set.
    pub fn limits(&self) -> crate::limits::Limits {
        crate::limits::Limits {
            file_bytes: self.max_file_mb.saturating_mul(1024 * 1024),
            unzipped_bytes: self.max_unzipped_mb.saturating_mul(1024 * 1024),
            zip_entries: self.max_zip_entries,
            rows: self.max_rows,
            columns: self.max_columns,
            cell_chars: self.max_cell_chars,
            grid_cells: self.max_grid_cells,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Kontrollera svarsfiler mot enkäten och registret; sparar inget.
    Validate(ValidateArgs),
    /// Kontrollera svarsfiler och spara de godkända i databasen.
    Import(ImportArgs),
    /// Visa vilka som har svarat och vilka som saknas för ett budgetår.
    Status(StatusArgs),
    /// Visa alla sparade inlämningar från en organisation.
    History(HistoryArgs),
    /// Återkalla en sparad inlämning; den finns kvar i historiken.
    Withdraw(WithdrawArgs),
    /// Ångra en återkallelse; inlämningen räknas igen i sin ordning.
    Reinstate(ReinstateArgs),
    /// Radera personuppgifter (kontaktuppgifter och originalfiler) ur sparade inlämningar.
    EraseContacts(EraseContactsArgs),
    /// Skriv de gällande svaren som en tabell (CSV, JSON eller Excel).
    Export(ExportArgs),
    /// Skriv en säkerhetskopia av databasen, även medan andra importerar.
    Backup(BackupArgs),
    /// Skriv den lokala statusrapporten (xlsx) från databasen.
    Report(ReportArgs),
    /// Skriv tomma eller ifyllda enkätformulär till respondenterna.
    Template(TemplateArgs),
    /// Skriv e-postutkast med formuläret bifogat till dem som inte har svarat (eller till alla).
    Remind(RemindArgs),
    /// Skriv tillbaka en inskickad fil i ett nytt formulär med varje fel markerat.
    Annotate(AnnotateArgs),
}

/// File formats of `collect template`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    /// En Excel-arbetsbok med listor och kontroller.
    Xlsx,
    /// Den långa CSV-filen (question,row,value).
    Csv,
}

/// Arguments of `collect template`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("for").args(["respondent", "all"]))]
pub struct TemplateArgs {
    /// Filen som skrivs, eller med --all mappen som formulären skrivs till.
    #[arg(short, long, value_name = "SÖKVÄG")]
    pub output: PathBuf,
    /// Fyll i denna organisation (id eller namn i registret) och budgetåret.
    #[arg(long, value_name = "ID")]
    pub respondent: Option<String>,
    /// En fil per organisation i registret, namngiven efter id och namn, i mappen SÖKVÄG.
    #[arg(long)]
    pub all: bool,
    /// Filformat.
    #[arg(long, value_enum, default_value_t = TemplateFormat::Xlsx)]
    pub format: TemplateFormat,
    /// Sista svarsdag, visas i instruktionerna (t.ex. 2026-12-15).
    #[arg(long, value_name = "DATUM")]
    pub deadline: Option<String>,
    /// Vart den ifyllda filen ska skickas, visas i instruktionerna.
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// Fyll i svaren från det senaste tidigare året i databasen, att kontrollera i stället för att skriva igen.
    #[arg(long, requires = "for")]
    pub prefill: bool,
    /// Fyll också i de tidigare svarens kontaktperson, e-post och telefon (personuppgifter).
    #[arg(long, requires = "prefill")]
    pub with_contacts: bool,
}

/// Arguments of `collect remind`.
#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Mappen som utkasten och listan utskick.csv/utskick.xlsx skrivs till; ny, eller utan utkast från förut.
    #[arg(short, long, value_name = "MAPP")]
    pub output: PathBuf,
    /// Sista svarsdag, ÅÅÅÅ-MM-DD; står i brevet och i formulärets instruktioner.
    #[arg(long, value_name = "DATUM")]
    pub deadline: String,
    /// Avsändaren, som också tar emot svaren och frågorna: en e-postadress, gärna med namn ("SSVIT-enkäten <enkat@vastkom.se>").
    #[arg(long, value_name = "ADRESS")]
    pub contact: String,
    /// Ett utkast till varje organisation i registret (den första inbjudan), inte bara till dem som saknar svar.
    #[arg(long)]
    pub all: bool,
    /// Fyll i formuläret med organisationens svar från det senaste tidigare året (utan personuppgifter).
    #[arg(long)]
    pub prefill: bool,
}

/// Arguments of `collect annotate`.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// Den inskickade filen.
    #[arg(value_name = "FIL")]
    pub file: PathBuf,
    /// Återkopplingsfilen som skrivs (.xlsx).
    #[arg(short, long, value_name = "UT.xlsx")]
    pub output: PathBuf,
}

/// Arguments of `collect report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Arbetsboken som skrivs (.xlsx); ersätts i ett svep.
    #[arg(short, long, value_name = "FIL.xlsx")]
    pub output: PathBuf,
    /// Bara denna delregions organisationer (namnet jämförs som organisationsnamn).
    #[arg(long, value_name = "NAMN")]
    pub delregion: Option<String>,
    /// Ta med personuppgifter (kontaktperson, e-post, telefon) i Svarsstatus.
    #[arg(long)]
    pub with_contacts: bool,
    /// Insamlingen är avslutad: rapporten säger inte att siffrorna är preliminära.
    #[arg(long = "final")]
    pub final_round: bool,
    /// Första budgetåret på bladen Utveckling och Utveckling per kommun [standard: det första året i databasen].
    #[arg(long, value_name = "ÅR")]
    pub from: Option<i32>,
}

/// Arguments of `collect backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Kopian som skrivs (.db, .sqlite eller .sqlite3); får inte finnas.
    #[arg(short, long, value_name = "FIL")]
    pub output: PathBuf,
}

/// Arguments of `collect validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Filer eller mappar (alla .xlsx .xlsm .xls .ods .csv .txt under en mapp).
    #[arg(required = true, value_name = "FIL")]
    pub paths: Vec<PathBuf>,
    /// Utdataformat.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// En fil med varningar underkänns också.
    #[arg(long)]
    pub strict: bool,
    /// Den organisation (id eller namn i registret) som varje fil måste komma från.
    #[arg(long, value_name = "ID")]
    pub respondent: Option<String>,
    /// Följ symboliska länkar (annars underkänns en länk utan att läsas).
    #[arg(long)]
    pub follow_links: bool,
}

/// Arguments of `collect import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Filer eller mappar (alla .xlsx .xlsm .xls .ods .csv .txt under en mapp).
    #[arg(required = true, value_name = "FIL")]
    pub paths: Vec<PathBuf>,
    /// Utdataformat.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// En fil med varningar underkänns också och sparas inte.
    #[arg(long)]
    pub strict: bool,
    /// Märk det som sparas som exempeldata (rapporten säger att siffrorna är fiktiva).
    #[arg(long)]
    pub example: bool,
    /// Den organisation (id eller namn i registret) som varje fil måste komma från.
    #[arg(long, value_name = "ID")]
    pub respondent: Option<String>,
    /// Följ symboliska länkar (annars underkänns en länk utan att läsas).
    #[arg(long)]
    pub follow_links: bool,
}

/// Output formats of `collect status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// En tabell att läsa.
    Text,
    /// Ett JSON-dokument.
    Json,
    /// CSV: id,name,kind,delregion,status,besvarad,imported,file,warnings.
    Csv,
    /// En Excel-arbetsbok som rapportens blad Svarsstatus (kräver -o).
    Xlsx,
}

/// Arguments of `collect status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Utdataformat [standard: efter filändelsen i -o, annars text].
    #[arg(long, value_enum)]
    pub format: Option<StatusFormat>,
    /// Filen som skrivs (.csv, .json, .xlsx eller .txt) i stället för standard ut.
    #[arg(short, long, value_name = "FIL")]
    pub output: Option<PathBuf>,
}

/// Output formats of `collect history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    /// En lista att läsa.
    Text,
    /// Ett JSON-dokument.
    Json,
}

/// Arguments of `collect history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Organisationens id eller namn i registret (t.ex. 1441 eller Lerum).
    #[arg(value_name = "ID")]
    pub respondent: String,
    /// Utdataformat.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    pub format: HistoryFormat,
}

/// Arguments of `collect withdraw`.
#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// Organisationens id eller namn i registret (t.ex. 1441 eller Lerum).
    #[arg(value_name = "ID")]
    pub respondent: String,
    /// Början av inlämningens SHA-256, minst 6 tecken (collect history visar den); söker i alla år om inte --year anges [standard: den gällande inlämningen för --year, utan --year för det senaste året med en gällande].
    #[arg(long, value_name = "PREFIX")]
    pub sha256: Option<String>,
    /// Varför den återkallas (sparas i historiken).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// Arguments of `collect reinstate`.
#[derive(Debug, Args)]
pub struct ReinstateArgs {
    /// Organisationens id eller namn i registret (t.ex. 1441 eller Lerum).
    #[arg(value_name = "ID")]
    pub respondent: String,
    /// Början av den återkallade inlämningens SHA-256, minst 6 tecken (collect history visar den); söker i alla år om inte --year anges.
    #[arg(long, value_name = "PREFIX")]
    pub sha256: String,
}

/// Arguments of `collect erase-contacts`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["respondents", "all"]))]
pub struct EraseContactsArgs {
    /// Organisationerna (id eller namn i registret) vars inlämningar personuppgifterna raderas ur.
    #[arg(value_name = "ID")]
    pub respondents: Vec<String>,
    /// Radera personuppgifter ur alla sparade inlämningar.
    #[arg(long)]
    pub all: bool,
}

/// Output formats of `collect export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// CSV, UTF-8, kommaseparerad.
    Csv,
    /// En JSON-lista av objekt.
    Json,
    /// En Excel-arbetsbok att läsa: ett blad per avsnitt, en rad per svarande.
    Xlsx,
}

/// Arguments of `collect export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Filen som skrivs, .csv eller .json (`-` för standard ut).
    #[arg(short, long, value_name = "FIL")]
    pub output: PathBuf,
    /// Utdataformat; måste stämma med filändelsen [standard: efter filändelsen, för `-o -` csv].
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Ta med personuppgifter (kontaktperson, e-post, telefon).
    #[arg(long)]
    pub with_contacts: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
