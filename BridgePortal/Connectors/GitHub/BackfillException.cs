namespace BridgePortal.Connectors.GitHub;

/// <summary>A back-fill failure with a message fit for the bridge page (no secrets).</summary>
public sealed class BackfillException(string message) : Exception(message);
