using BridgePortal.Connectors.AtHoc;

namespace BridgePortal.Tests.Connectors.AtHoc;

public sealed class DutyUpdateBuilderTests
{
    [Fact]
    public void An_update_holds_only_the_username_key_and_the_duty_field()
    {
        var user = new DutyUpdateBuilder("LOGIN_ID", ["On-Duty-DTG"]).Build("u1", new Dictionary<string, string> { ["On-Duty-DTG"] = "01/06/2024 08:00:00" });
        Assert.Equal("{\"LOGIN_ID\":\"u1\",\"On-Duty-DTG\":\"01/06/2024 08:00:00\"}", user.ToJsonString());
    }

    [Theory]
    [InlineData("ENABLED")]
    [InlineData("DISPLAY_NAME")]
    [InlineData("Off-Duty-DTG")]
    public void Any_field_not_on_the_allow_list_is_refused(string field)
    {
        var builder = new DutyUpdateBuilder("LOGIN_ID", ["On-Duty-DTG"]);
        var e = Assert.Throws<AtHocException>(() => builder.Build("u1", new Dictionary<string, string> { [field] = "x" }));
        Assert.Contains("not a configured duty-status field", e.Message);
    }

    [Theory]
    [InlineData("ENABLED")]
    [InlineData("IsDisabled")]
    [InlineData("User-Enable-Flag")]
    [InlineData("USER_STATUS")]
    public void Account_state_attributes_can_never_be_duty_fields(string field) =>
        Assert.Throws<AtHocException>(() => new DutyUpdateBuilder("LOGIN_ID", ["On-Duty-DTG", field]));
}
