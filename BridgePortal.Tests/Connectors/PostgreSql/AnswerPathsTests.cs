using System.Text.Json.Nodes;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Tests.Connectors.CommCare;
using BridgePortal.Connectors.PostgreSql;

namespace BridgePortal.Tests.Connectors.PostgreSql;

public sealed class AnswerPathsTests
{
    private static readonly AnswerPaths Defaults = new(["meta", "case", "@*", "#type"], ["plots"]);

    [Fact]
    public void Groups_are_path_segments_repeats_are_indexed_from_one_and_meta_case_and_attributes_are_left_out()
    {
        var form = CommCareForm.Parse(CommCarePayloads.WetMillVisitForm(1).ToJsonString());

        var answers = Defaults.Flatten(form.Fields);

        Assert.Equal(
            ["visit_date", "visit_type", "gps", "cherry_received_kg", "cherry_price_rwf", "water_recycling", "manager_present", "certifications", "next_visit",
                "contact_phone", "quality/floaters_removed", "quality/fermentation_hours", "quality/notes", "plots[1]/plot_id", "plots[1]/area_ha",
                "plots[1]/shade_trees", "plots[2]/plot_id", "plots[2]/area_ha", "plots[2]/shade_trees"],
            answers.Select(a => a.Path));
        Assert.Equal(Enumerable.Range(1, 19), answers.Select(a => a.Position));
        Assert.Equal("area_ha", answers.Single(a => a.Path == "plots[2]/area_ha").Question);
        Assert.DoesNotContain(answers, a => a.Path == "photo_comment"); // unanswered
    }

    [Fact]
    public void A_repeat_with_one_entry_arrives_as_an_object_and_is_indexed_only_when_listed_as_a_repeat_group()
    {
        var fields = CommCareForm.Parse(CommCarePayloads.WetMillVisitForm(1, plots: 1).ToJsonString()).Fields;

        Assert.Contains("plots[1]/area_ha", Defaults.Flatten(fields).Select(a => a.Path));
        Assert.Contains("plots/area_ha", new AnswerPaths(["meta", "case"], []).Flatten(fields).Select(a => a.Path));
    }

    [Fact]
    public void Ignored_names_match_anywhere_paths_from_the_root_and_stars_are_wildcards()
    {
        var fields = JsonNode.Parse("""
            {
              "@xmlns": "x", "#type": "data",
              "intro": {"consent": "yes", "label_note": "OK"},
              "household": [{"member": "Ann", "case": {"@case_id": "c1"}, "calc_age": "34"}, {"member": "Bob", "calc_age": "40"}],
              "subcase_0": {"case": {"@case_id": "c2", "create": {"case_name": "x"}}},
              "score": {"#text": "17", "@units": "points"},
              "flags": ["a", "b"],
              "nothing": null
            }
            """)!.AsObject();

        var answers = new AnswerPaths(["@*", "#type", "case", "intro/label_*", "calc_*"], []).Flatten(fields);

        Assert.Equal(["intro/consent|yes", "household[1]/member|Ann", "household[2]/member|Bob", "score|17", "flags[1]|a", "flags[2]|b"],
            answers.Select(a => $"{a.Path}|{a.Value.Text}"));
        Assert.Equal(AnswerType.Number, answers.Single(a => a.Path == "score").Value.Type);
    }

    [Fact]
    public void Json_numbers_and_booleans_from_other_producers_are_typed_too()
    {
        var answers = Defaults.Flatten(JsonNode.Parse("""{"count": 12, "ratio": 0.5, "done": true}""")!.AsObject());

        Assert.Equal(["count|number|12", "ratio|number|0.5", "done|boolean|true"], answers.Select(a => $"{a.Path}|{a.Value.TypeName}|{a.Value.Text}"));
    }

    [Fact]
    public void Text_at_a_path_reads_groups_and_the_first_entry_of_a_repeat()
    {
        var fields = CommCareForm.Parse(CommCarePayloads.WetMillVisitForm(1).ToJsonString()).Fields;

        Assert.Equal("36", AnswerPaths.TextAt(fields, "quality/fermentation_hours"));
        Assert.Equal("P-1", AnswerPaths.TextAt(fields, "plots/plot_id"));
        Assert.Null(AnswerPaths.TextAt(fields, "quality/missing"));
        Assert.Null(AnswerPaths.TextAt(fields, "quality"));
    }
}
