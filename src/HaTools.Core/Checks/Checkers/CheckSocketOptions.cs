using System.Net.Sockets;

namespace HaTools.Core.Checks.Checkers;

/// <summary>
/// keepalived's bind_if (SO_BINDTODEVICE) and fwmark (SO_MARK) for every socket a checker opens.
/// Both need CAP_NET_ADMIN (or CAP_NET_RAW for the mark); a refusal is a failed attempt with the reason.
/// </summary>
public sealed record CheckSocketOptions
{
    // Linux socket option numbers (asm-generic/socket.h); set through .NET's SetRawSocketOption, no P/Invoke.
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoMark = 36;

    /// <summary>bind_if: the interface the checker's packets leave by.</summary>
    public string? BindInterface { get; init; }

    /// <summary>fwmark: the mark set on every packet the checker sends (nftables "meta mark").</summary>
    public uint? FirewallMark { get; init; }

    public bool IsEmpty => BindInterface is null && FirewallMark is null;

    /// <summary>Applies the options; returns a reason when the kernel refuses one, else null.</summary>
    public string? TryApply(Socket socket)
    {
        if (FirewallMark is uint mark)
        {
            try
            {
                socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(mark));
            }
            catch (SocketException ex)
            {
                return $"cannot set fwmark {mark}: {Describe(ex)}";
            }
        }
        if (BindInterface is { } name)
        {
            try
            {
                var bytes = new byte[System.Text.Encoding.ASCII.GetByteCount(name) + 1];
                System.Text.Encoding.ASCII.GetBytes(name, bytes);
                socket.SetRawSocketOption(SolSocket, SoBindToDevice, bytes);
            }
            catch (SocketException ex)
            {
                // .NET has no SocketError for ENODEV (it reports SocketError.SocketError): the one errno left here.
                return $"cannot bind to interface {name}: {(ex.SocketErrorCode == SocketError.SocketError ? "no such device" : Describe(ex))}";
            }
        }
        return null;
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AccessDenied => "permission denied (needs CAP_NET_ADMIN)",
        _ => ex.Message,
    };

    public override string ToString() => string.Join(' ', new[]
    {
        BindInterface is null ? null : $"bind_if {BindInterface}",
        FirewallMark is null ? null : $"fwmark {FirewallMark}",
    }.Where(s => s != null));
}
