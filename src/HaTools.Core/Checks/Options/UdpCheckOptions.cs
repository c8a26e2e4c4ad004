namespace HaTools.Core.Checks.Options;

/// <summary>UDP_CHECK: send a datagram; fail on an ICMP error, or (require_reply) without a matching reply.</summary>
public sealed record UdpCheckOptions : CheckOptions
{
    public override string Kind => "UDP_CHECK";

    /// <summary>payload as keepalived's free-form hex string; random bytes when null.</summary>
    public string? Payload { get; init; }

    public bool RequireReply { get; init; }

    /// <summary>Hex the reply must start with; X/x nibbles match anything.</summary>
    public string? ReplyPattern { get; init; }

    public int MinReplyLength { get; init; }

    public int MaxReplyLength { get; init; } = 255;
}
