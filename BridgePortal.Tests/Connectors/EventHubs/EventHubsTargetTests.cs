using BridgePortal.Connectors.EventHubs;
using BridgePortal.Engine.Jobs;
using Microsoft.Extensions.Time.Testing;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.EventHubs;

public sealed class EventHubsTargetTests
{
    private static ConnectionData Data(Dictionary<string, string> settings, Dictionary<string, string> secrets) => new(EventHubsConnectionKind.Kind, settings, secrets);

    [Fact]
    public void A_connection_string_with_entity_path_gives_namespace_hub_and_key()
    {
        var (target, errors) = EventHubsTarget.From(Data([], new()
        {
            [EventHubsSettings.ConnectionString] = "Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=abc=;EntityPath=surveys",
        }));

        Assert.Empty(errors);
        Assert.Equal(("myns.servicebus.windows.net", "surveys", "send", "abc="), (target!.Namespace, target.Hub, target.KeyName, target.Key));
        Assert.Equal("https://myns.servicebus.windows.net/surveys", target.Resource);
        Assert.Equal(new Uri("https://myns.servicebus.windows.net/"), target.ServiceUri);
    }

    [Theory]
    [InlineData("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKey=abc", "lacks SharedAccessKeyName")]
    [InlineData("Endpoint=https://myns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=h", "Endpoint must read sb://")]
    [InlineData("just some text", "'Name=value' pairs")]
    [InlineData("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b", "no EntityPath")]
    public void A_bad_connection_string_is_refused_with_a_clear_message(string connectionString, string message)
    {
        var (target, errors) = EventHubsTarget.From(Data([], new() { [EventHubsSettings.ConnectionString] = connectionString }));

        Assert.Null(target);
        Assert.Contains(errors.Values, e => e.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain(errors.Values, e => e.Contains("SharedAccessKey=b", StringComparison.Ordinal));
    }

    [Fact]
    public void Parts_instead_of_a_connection_string_are_validated_field_by_field()
    {
        var (_, errors) = EventHubsTarget.From(Data(new() { [EventHubsSettings.Namespace] = "myns" }, []));
        Assert.Equal([EventHubsSettings.Hub, EventHubsSettings.Key, EventHubsSettings.KeyName], errors.Keys.Order());

        var (target, none) = EventHubsTarget.From(Data(
            new() { [EventHubsSettings.Namespace] = "myns", [EventHubsSettings.Hub] = "h", [EventHubsSettings.KeyName] = "send" },
            new() { [EventHubsSettings.Key] = "k" }));
        Assert.Empty(none);
        Assert.Equal("https://myns.servicebus.windows.net/h", target!.Resource);
    }

    [Fact]
    public void A_sas_token_carries_the_documented_signature_and_is_renewed_before_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = new SasTokens(clock);
        var target = new EventHubsTarget("myns.servicebus.windows.net", "surveys", "send", "c2VjcmV0LWtleQ==", new Uri("https://myns.servicebus.windows.net/"));

        var token = tokens.For(target);
        var parts = token["SharedAccessSignature ".Length..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(Uri.UnescapeDataString(parts["sr"]), target.Resource);
        Assert.Equal("send", parts["skn"]);
        var expiry = long.Parse(parts["se"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds(), expiry);
        Assert.Equal(FakeEventHubs.Sign(target.Key, parts["sr"], expiry), Uri.UnescapeDataString(parts["sig"]));

        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Same(token, tokens.For(target));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.NotEqual(token, tokens.For(target));
    }

    [Theory]
    [InlineData(1, "* * * * *")]
    [InlineData(5, "*/5 * * * *")]
    [InlineData(120, "0 */2 * * *")]
    [InlineData(1440, "0 0 * * *")]
    public void A_poll_interval_becomes_a_cron_schedule(int minutes, string cron) => Assert.Equal(cron, PollScheduler.Cron(minutes));
}
