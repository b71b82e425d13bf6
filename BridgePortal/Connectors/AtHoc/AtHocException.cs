namespace BridgePortal.Connectors.AtHoc;

/// <summary>An AtHoc failure with a message fit for the UI (no secrets); <see cref="Transient"/> when a retry may help.</summary>
public sealed class AtHocException(string message, bool transient = false) : Exception(message)
{
    public bool Transient { get; } = transient;
}
