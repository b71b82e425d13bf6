namespace BridgePortal.Connectors.Abstractions;

/// <summary>What a connection test's call found: whether it worked and the sentence the user reads (latency is added by <see cref="ConnectionProbe"/>).</summary>
public sealed record ProbeOutcome(bool Succeeded, string Message)
{
    public static ProbeOutcome Ok(string message) => new(true, message);

    public static ProbeOutcome Failed(string message) => new(false, message);
}
