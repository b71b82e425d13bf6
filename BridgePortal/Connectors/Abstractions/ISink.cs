using BridgePortal.Data.Model;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>Where records go. A sink reports an outcome per record and tells transient failures from permanent ones.</summary>
public interface ISink
{
    /// <summary>The bridge's <c>SinkKind</c> this sink serves.</summary>
    string Kind { get; }

    /// <summary>The name operators read for the kind (the bridge form, list and page), as sources have one.</summary>
    string DisplayName => Kind;

    /// <summary>The connection kind a bridge must pick for this sink, if any.</summary>
    ConnectionKind? ConnectionKind { get; }

    /// <summary>The sink's per-bridge settings form.</summary>
    IReadOnlyList<BridgePortal.Connectors.Abstractions.SettingField> SettingsFields { get; }

    /// <summary>Errors in the bridge's sink settings by field name (checked when the bridge is saved); empty when valid.</summary>
    IReadOnlyDictionary<string, string> ValidateSettings(IReadOnlyDictionary<string, string> settings) => new Dictionary<string, string>();

    /// <summary>How many records, and how many payload bytes, one <see cref="DeliverAsync"/> call may take.</summary>
    SinkLimits GetLimits(SinkContext context);

    /// <summary>Delivers <paramref name="batch"/>; returns exactly one outcome per record (never throws for a record's failure).</summary>
    Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken);
}

public sealed record SinkLimits(int MaxCount, long MaxBytes);

/// <summary>What a sink needs of its bridge: settings and the (decrypted) connection.</summary>
public sealed record SinkContext(Bridge Bridge, BridgePortal.Connectors.Abstractions.ConnectionData? Connection)
{
    private IReadOnlyDictionary<string, string>? settings;

    /// <summary>The bridge's sink settings, parsed once per context (limits and delivery both read them).</summary>
    public IReadOnlyDictionary<string, string> Settings => settings ??= SettingsJson.Read(Bridge.SinkSettingsJson);
}

public sealed record OutboundRecord(long RecordId, string NaturalId, string Payload, int Version, int AttemptNumber);

public sealed record DeliveryOutcome(long RecordId, AttemptOutcome Outcome, int? HttpStatus = null, string? Error = null)
{
    public static DeliveryOutcome Delivered(long id, int? status = null) => new(id, AttemptOutcome.Delivered, status);

    public static DeliveryOutcome Transient(long id, string error, int? status = null) => new(id, AttemptOutcome.TransientFailure, status, error);

    public static DeliveryOutcome Permanent(long id, string error, int? status = null) => new(id, AttemptOutcome.PermanentFailure, status, error);
}
