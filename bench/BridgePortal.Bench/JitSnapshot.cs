using System.Runtime;

namespace BridgePortal.Bench;

/// <summary>
/// Methods the JIT compiled and the time it spent, process-wide (portal and sink run in this process). A
/// measured window that still compiles hundreds of methods is not steady state: tiered compilation is still
/// promoting hot code, and the figures understate the engine; a longer <c>--warmup</c> fixes that.
/// </summary>
public sealed record JitSnapshot(long Methods, double Seconds)
{
    public static JitSnapshot Take() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalSeconds);

    public object Since(JitSnapshot before) => new { methodsCompiled = Methods - before.Methods, compilationSeconds = Math.Round(Seconds - before.Seconds, 2) };
}
