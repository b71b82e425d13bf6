namespace BridgePortal.Engine;

/// <summary>This process's identity in the engine: claims carry it as their lease owner.</summary>
public sealed class EngineInstanceId
{
    public Guid Id { get; } = Guid.NewGuid();
}
