"""Stopwords: function words and the question words users type, per language.

Deliberately short lists: legal text leans on words like "shall", "wajib", "tidak" that
carry meaning, so those stay searchable.
"""

from __future__ import annotations

_EN = """
a an the and or but nor of to in on at by for from with without into onto over under about
above below between among through during before after since until upon within than then
as is are was were be been being am do does did doing done have has had having
it its it's this that these those there here which who whom whose what when where why how
i me my we us our you your he him his she her they them their one ones
can could may might must would should will shall
so such very also too just only even either neither both each every any all some no not
if whether while because although though unless however thus
other another same more most much many few less least
ever never again once yet still already
get gets got let lets make makes made say says said tell tells told
does anyone someone something anything please
is there are there what's how's who's can't won't don't doesn't isn't aren't
"""

_ID = """
yang dan di ke dari pada dalam untuk dengan oleh atau serta tetapi namun bahwa karena
jika kalau apabila bila agar supaya sehingga maka lalu kemudian juga pun saja hanya
ini itu tersebut sini situ sana ia dia mereka kami kita saya aku anda engkau kamu beliau
nya -nya adalah ialah merupakan yaitu yakni akan telah sudah sedang masih belum pernah
ada adanya apa apakah siapa siapakah mana manakah bagaimana bagaimanakah mengapa kenapa kapan
berapa berapakah seperti sebagai secara antara terhadap tentang mengenai hingga sampai
sejak selama setelah sebelum sesudah ketika saat waktu tiap setiap para sang si
boleh bolehkah bisa bisakah dapatkah harus haruskah perlu perlukah
lebih paling sangat amat banyak sedikit semua seluruh segala suatu sesuatu salah satu
lain lainnya pula lagi kah lah tah dong kok sih ya tidak bukan jangan
itulah inilah begitu begini demikian
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


STOPWORDS: dict[str, frozenset[str]] = {"en": _words(_EN), "id": _words(_ID)}
