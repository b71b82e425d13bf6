using BridgePortal.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Data;

/// <summary>
/// The one database context: Identity, Data Protection keys and the engine's tables. Each provider has
/// its own subclass so that each keeps its own migration history (see <c>Migrations/</c>).
/// </summary>
public abstract class BridgeDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}

public sealed class SqliteBridgeDbContext(DbContextOptions<SqliteBridgeDbContext> options) : BridgeDbContext(options);

public sealed class PostgresBridgeDbContext(DbContextOptions<PostgresBridgeDbContext> options) : BridgeDbContext(options);
