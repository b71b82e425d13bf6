using BridgePortal.Connectors.AtHoc;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.PostgreSql;

namespace BridgePortal.Tests.Connectors.Abstractions;

public sealed class SettingFieldTests
{
    private static readonly SettingField Switch = SettingField.YesNo("S", "Send", defaultYes: false);
    private static readonly SettingField Mode = SettingField.Choice("M", "Mode", [new("PerRecord", "Per record"), new("Batch", "Batch", "bulk")]);

    [Theory]
    [InlineData("true", true)]
    [InlineData("Yes", true)]
    [InlineData(" ON ", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("Off", false)]
    [InlineData("0", false)]
    public void Stored_yes_no_spellings_of_older_versions_keep_their_meaning_and_are_saved_canonical(string stored, bool meaning)
    {
        Assert.Equal(meaning, Switch.IsYes(stored));
        Assert.Null(Switch.Problem(stored));
        Assert.Equal(meaning ? "true" : "false", Switch.Canonical(stored));
    }

    [Fact]
    public void An_empty_yes_no_means_the_default_and_an_unknown_word_is_a_clear_error_left_as_typed()
    {
        Assert.False(Switch.IsYes(""));
        Assert.True((Switch with { DefaultYes = true }).IsYes(null));
        Assert.Equal("Send is yes or no (not 'maybe').", Switch.Problem("maybe"));
        Assert.Equal("maybe", Switch.Canonical(" maybe "));
        Assert.Equal("", Switch.Canonical("  "));
    }

    [Fact]
    public void A_choice_accepts_its_values_and_aliases_in_any_case_and_names_the_choices_otherwise()
    {
        Assert.Equal("Batch", Mode.Canonical("batch"));
        Assert.Equal("Batch", Mode.Canonical("BULK"));
        Assert.Null(Mode.Problem("perrecord"));
        Assert.Equal("Mode is one of 'PerRecord', 'Batch' (not 'Stream').", Mode.Problem("Stream"));
        Assert.Equal("PerRecord", Mode.ChoiceOf(""));
        Assert.Equal("PerRecord", Mode.ChoiceOf("Stream"));
    }

    [Fact]
    public void A_text_field_takes_anything_and_is_only_trimmed()
    {
        var text = new SettingField("T", "Text");
        Assert.Null(text.Problem("whatever"));
        Assert.Equal("whatever", text.Canonical(" whatever "));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    public void A_documents_bridge_creates_missing_tables_unless_told_not_to(string? stored, bool creates)
    {
        var settings = stored is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [DocumentSinkSettings.CreateTables] = stored };
        Assert.Equal(creates, DocumentSinkSettings.Create(settings));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    [InlineData("false", false)]
    [InlineData("off", false)]
    public void AtHoc_verifies_tls_unless_switched_off(string? stored, bool verifies)
    {
        var settings = stored is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [AtHocSettings.VerifyTls] = stored };
        Assert.Equal(verifies, AtHocSettings.VerifiesTls(new ConnectionData(AtHocConnectionKind.Kind, settings, new Dictionary<string, string>())));
    }

    [Fact]
    public void Canonicalize_rewrites_only_typed_fields_in_place()
    {
        var settings = new Dictionary<string, string> { ["S"] = "YES", ["M"] = "bulk", ["T"] = " kept " };
        SettingValues.Canonicalize([Switch, Mode, new SettingField("T", "Text")], settings);
        Assert.Equal(new Dictionary<string, string> { ["S"] = "true", ["M"] = "Batch", ["T"] = " kept " }, settings);
        Assert.Equal([("S", "Send is yes or no (not 'x').")], SettingValues.TypeErrors([Switch, Mode], new Dictionary<string, string> { ["S"] = "x", ["M"] = "Batch" }));
    }
}
