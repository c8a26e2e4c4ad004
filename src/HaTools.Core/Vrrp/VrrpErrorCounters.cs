namespace HaTools.Core.Vrrp;

/// <summary>Immutable snapshot of an instance's drop counters, one per <see cref="VrrpDropReason"/>.</summary>
public sealed class VrrpErrorCounters
{
    private readonly long[] _counts;

    internal VrrpErrorCounters(long[] counts)
    {
        _counts = (long[])counts.Clone();
    }

    public static int ReasonCount { get; } = Enum.GetValues<VrrpDropReason>().Length;

    public long this[VrrpDropReason reason] => (int)reason < _counts.Length ? _counts[(int)reason] : 0;

    public long Truncated => this[VrrpDropReason.Truncated] + this[VrrpDropReason.LengthMismatch];

    public long Ttl => this[VrrpDropReason.BadTtl];

    public long Version => this[VrrpDropReason.BadVersion];

    public long Type => this[VrrpDropReason.BadType];

    public long Checksum => this[VrrpDropReason.BadChecksum];

    /// <summary>v3 IPv4 adverts whose checksum held only under the other rule (pseudo-header vs v3_checksum_as_v2).</summary>
    public long ChecksumVariant => this[VrrpDropReason.ChecksumVariantMismatch];

    public long Auth => this[VrrpDropReason.AuthFailure] + this[VrrpDropReason.AuthTypeMismatch];

    public long AddressList => this[VrrpDropReason.AddressCountMismatch] + this[VrrpDropReason.AddressListMismatch];

    public long Interval => this[VrrpDropReason.AdvertIntervalMismatch] + this[VrrpDropReason.InvalidAdvertInterval];

    public long NonPeer => this[VrrpDropReason.NonPeerSource];

    /// <summary>Adverts of other virtual routers on the same link: counted, but normal on a shared LAN, so not in <see cref="Total"/>.</summary>
    public long ForeignVirtualRouterId => this[VrrpDropReason.UnknownVirtualRouterId];

    /// <summary>Every drop that points at a fault (everything but <see cref="ForeignVirtualRouterId"/>).</summary>
    public long Total
    {
        get
        {
            long total = 0;
            for (int i = 1; i < _counts.Length; i++)
            {
                if (i != (int)VrrpDropReason.UnknownVirtualRouterId)
                {
                    total += _counts[i];
                }
            }

            return total;
        }
    }

    /// <summary>Non-zero counters by reason.</summary>
    public IReadOnlyDictionary<VrrpDropReason, long> ToDictionary()
    {
        var d = new Dictionary<VrrpDropReason, long>();
        for (int i = 1; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                d[(VrrpDropReason)i] = _counts[i];
            }
        }

        return d;
    }

    public override string ToString() =>
        string.Join(", ", ToDictionary().Select(kv => $"{kv.Key}={kv.Value}"));
}
