namespace BridgePortal.Data;

/// <summary>
/// The engine's SQLite writers (the intake group commit, claims, outcomes) take turns here before they write.
/// SQLite has one write lock, and Microsoft.Data.Sqlite waits for a busy lock by blocking its thread in
/// <c>Thread.Sleep(150)</c> before trying again (SqliteDataReader.NextResult): two of our own writers colliding
/// cost an ingest request 150 ms and a thread-pool thread. Queued in process they never collide, and each waits
/// only as long as the write before it. PostgreSQL has row locks and needs no turn: the gate is open there.
/// </summary>
public sealed class SqliteWriteGate(StorageSettings storage)
{
    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly bool enabled = storage.Provider == StorageProvider.Sqlite;

    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return default;
        }

        await turn.WaitAsync(cancellationToken);
        return new Turn(turn);
    }

    /// <summary>Held for one write transaction; disposing it lets the next writer in.</summary>
    public readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
