using BridgePortal.Engine;

namespace BridgePortal.Tests.Engine;

public sealed class NaturalIdsTests
{
    [Theory]
    [InlineData("josé-1")]
    [InlineData("commit:4f1c2e1d9b0a")]
    [InlineData("emoji-\U0001F600")]
    [InlineData("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")]
    public void Real_ids_in_any_script_pass(string id) => Assert.Null(NaturalIds.Problem(id));

    [Theory]
    [InlineData("", "is empty or blank")]
    [InlineData(" \t ", "is empty or blank")]
    [InlineData("a\0b", "holds the control character U+0000 at position 1")]
    [InlineData("a\u0085", "holds the control character U+0085 at position 1")]
    public void Blank_and_control_character_ids_are_refused(string id, string problem) => Assert.Equal(problem, NaturalIds.Problem(id));

    [Fact]
    public void Lone_surrogates_are_refused()
    {
        // Not [InlineData]: the test runner's serialisation turns a lone surrogate into U+FFFD.
        Assert.Equal("holds a lone surrogate at position 1", NaturalIds.Problem("x\uD800y"));
        Assert.Equal("holds a lone surrogate at position 1", NaturalIds.Problem("x\uDC00"));
        Assert.Equal("holds a lone surrogate at position 2", NaturalIds.Problem("\uD83D\uDE00\uD83D"));
    }

    [Fact]
    public void The_header_form_is_visible_ASCII_deterministic_and_keeps_plain_ids()
    {
        Assert.Equal("s-42", NaturalIds.HeaderSafe("s-42"));
        Assert.Equal("jos%C3%A9-1", NaturalIds.HeaderSafe("josé-1"));
        Assert.Equal("a%0D%0AX-Injected:%20yes", NaturalIds.HeaderSafe("a\r\nX-Injected: yes"));
        Assert.Equal("100%25", NaturalIds.HeaderSafe("100%"));
        Assert.NotEqual(NaturalIds.HeaderSafe("100%"), NaturalIds.HeaderSafe("100%25")); // '%' is encoded, so the form is injective
        Assert.All(NaturalIds.HeaderSafe("\u00e9\u4e2d\U0001F600 \"<>"), c => Assert.InRange(c, '!', '~'));
    }
}
