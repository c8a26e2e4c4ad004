using FsCheck;
using FsCheck.Fluent;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>
/// Mutated real configs (truncation, byte flips, brace deletion/insertion, line duplication) never make
/// the parser or writer throw, and whatever is read exports to text that reads back equal.
/// </summary>
public class ConfigFuzzTests
{
    private static readonly byte[][] Seeds = ConfigAssets.AllConfigs()
        .Select(f => File.ReadAllBytes(ConfigAssets.PathOf(f)))
        .ToArray();

    internal static byte[] Mutate(byte[] seed, int kind, int pos, byte value, int count)
    {
        var list = new List<byte>(seed);
        if (list.Count == 0) return [value];
        for (int k = 0; k < count; k++)
        {
            int at = (int)((uint)(pos + k * 7919) % (uint)list.Count);
            switch (kind)
            {
                case 0: // truncation
                    return list.Take(at).ToArray();
                case 1: // byte flip
                    list[at] = (byte)(value + k * 31);
                    break;
                case 2: // brace deletion: the n-th brace after the position
                    int brace = list.FindIndex(at, b => b is (byte)'{' or (byte)'}');
                    if (brace >= 0) list.RemoveAt(brace);
                    break;
                case 3: // brace insertion
                    list.Insert(at, (value & 1) == 0 ? (byte)'{' : (byte)'}');
                    break;
                default: // duplicate a slice (lines, half-lines, quotes)
                    int len = Math.Min(value + 1, list.Count - at);
                    list.InsertRange(at, list.GetRange(at, len));
                    break;
            }
            if (list.Count == 0) break;
        }
        return list.ToArray();
    }

    private static bool ParsesAndRoundTrips(byte[] bytes) => ParsesAndRoundTrips(bytes, true);

    /// <summary>Parse and export always; re-import and compare when <paramref name="compare"/> (a quarter of the cases, to keep CI fast).</summary>
    private static bool ParsesAndRoundTrips(byte[] bytes, bool compare)
    {
        var fs = new InMemoryConfigFileSystem();
        fs.Files["/etc/keepalived/keepalived.conf"] = bytes;
        var options = new ConfigParseOptions { FileSystem = fs, ConfigId = "alpha", MaxExpandedLines = 100_000 };
        var first = KeepalivedConfigParser.ParseFile("/etc/keepalived/keepalived.conf", options);
        var text = KeepalivedConfigWriter.Write(first);
        if (!compare) return true;
        var second = KeepalivedConfigParser.ParseContent(text, new ConfigParseOptions { ConfigId = "alpha" });
        if (!first.Equals(second))
            throw new InvalidOperationException("Round trip differs at " + ConfigDiff.First(first, second) + "\n--- exported:\n" + text + "\n--- re-exported:\n" + KeepalivedConfigWriter.Write(second));
        return true;
    }

    [Fact]
    public void Mutated_configs_never_throw_and_always_round_trip()
    {
        var gen =
            from seed in Gen.Choose(0, Seeds.Length - 1)
            from kind in Gen.Choose(0, 4)
            from pos in Gen.Choose(0, int.MaxValue)
            from value in Gen.Choose(0, 255)
            from count in Gen.Choose(1, 6)
            select (Bytes: Mutate(Seeds[seed], kind, pos, (byte)value, count), Compare: value % 4 == 0);
        Prop.ForAll(gen.ToArbitrary(), c => ParsesAndRoundTrips(c.Bytes, c.Compare))
            .Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(100_000).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var gen = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        Prop.ForAll(gen.ToArbitrary(), ParsesAndRoundTrips)
            .Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(5_000).WithQuietOnSuccess(true));
    }
}
