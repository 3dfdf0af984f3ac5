package org.lwsspark.prep.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lwsspark.prep.clean.HtmlExtractor;
import org.lwsspark.prep.clean.Scripts;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

/**
 * Chinese and Japanese pages, written without spaces between words: with the language kept they become documents,
 * and with the English default they are dropped for their language, not as empty pages (which is what counting
 * words by whitespace made of them: each paragraph one "word", every block boilerplate).
 */
class SpacelessScriptsTest {

    private static final String CHINESE = page(
            "zh",
            "城市的公园",
            "这座城市的公园建于一百多年前，当时的市民希望在工厂和街道之间留下一片可以休息的绿地。",
            "公园的中心有一个很大的湖，春天的时候湖边开满了桃花和樱花，很多家庭会在周末带着孩子来这里散步和野餐。",
            "夏天的晚上，老人们在湖边的亭子里下棋、唱歌，年轻人则沿着湖边的小路跑步或者骑自行车。",
            "秋天是公园最安静的季节，树叶慢慢变成黄色和红色，游客可以坐在长椅上看书，听风吹过树林的声音。",
            "冬天湖面偶尔会结冰，但是管理人员会提醒大家不要在冰上行走，因为冰层通常不够厚，非常危险。",
            "今天，这个公园已经成为城市生活的一部分，它提醒人们，即使在忙碌的城市里，也需要给自然留下空间。");

    private static final String JAPANESE = page(
            "ja",
            "町の図書館",
            "この町の図書館は、駅から歩いて十分ほどの静かな住宅街の中にあります。",
            "建物は古いですが、中はとても明るく、大きな窓から庭の木々を眺めながら本を読むことができます。",
            "平日の午前中は、小さな子どもを連れた親や、新聞を読みに来るお年寄りが多く、館内はいつも落ち着いています。",
            "午後になると、学校が終わった学生たちが宿題をするためにやって来て、閲覧室の席はすぐにいっぱいになります。",
            "図書館では毎月、地元の歴史について話す講座や、子ども向けの読み聞かせの会が開かれています。",
            "職員の人たちはとても親切で、探している本が見つからないときには、いつも丁寧に手伝ってくれます。");

    private static final String THAI = page(
            "th",
            "ห้องสมุดของเมือง",
            "ห้องสมุดของเมืองนี้ตั้งอยู่ใกล้กับสถานีรถไฟ และเปิดให้บริการทุกวันตั้งแต่เช้าจนถึงเย็น",
            "อาคารของห้องสมุดค่อนข้างเก่า แต่ภายในสว่างและเงียบสงบ มีหน้าต่างบานใหญ่ที่มองเห็นสวนด้านหลัง",
            "ในตอนเช้า ผู้สูงอายุหลายคนมาอ่านหนังสือพิมพ์ และพ่อแม่มักพาลูกเล็กมาฟังนิทาน",
            "หลังเลิกเรียน นักเรียนจำนวนมากมาทำการบ้านที่นี่ ทำให้โต๊ะอ่านหนังสือเต็มอย่างรวดเร็ว",
            "ทุกเดือนห้องสมุดจัดกิจกรรมบรรยายเกี่ยวกับประวัติศาสตร์ของท้องถิ่น และมีการสอนใช้คอมพิวเตอร์สำหรับผู้ใหญ่",
            "เจ้าหน้าที่ทุกคนใจดีและพร้อมช่วยเหลือเสมอ เมื่อผู้ใช้บริการหาหนังสือที่ต้องการไม่พบ");

    @Test
    void thaiPageIsKeptWhenThaiIsKept() {
        Doc d = DocumentFilter.apply(extracted(THAI), config("th"));
        assertNull(d.dropReason(), "dropped as " + d.dropReason() + ": " + d.text());
        assertEquals("th", d.lang());
        assertTrue(d.text().contains("นักเรียนจำนวนมากมาทำการบ้านที่นี่"), d.text());
        assertEquals(
                DropReason.LANGUAGE,
                DocumentFilter.apply(extracted(THAI), PrepConfig.load(null)).dropReason());
    }

    /** Thai words come from the JDK's dictionary: spaces in Thai separate phrases, not words. */
    @Test
    void thaiWordsAreFoundByTheDictionary() {
        String text = "ประเทศไทยมีประชากรประมาณหกสิบหกล้านคน";
        char[] t = text.toCharArray();
        int[] b = Scripts.thaiWordBoundaries(java.nio.CharBuffer.wrap(t), 0, Scripts.thaiRunEnd(text, 0));
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < b.length; i++) words.add(text.substring(b[i], b[i + 1]));
        assertEquals(List.of("ประเทศ", "ไทย", "มี", "ประชากร", "ประมาณ", "หก", "สิบ", "หก", "ล้าน", "คน"), words);
        // Ten words: below the 50 of the word count rule, which whitespace would have counted as one.
        assertEquals(
                "word_count",
                QualityRules.check(
                        text + " " + text, "th", PrepConfig.load(null).quality()));
    }

    @Test
    void chinesePageIsKeptWhenChineseIsKept() {
        Doc d = DocumentFilter.apply(extracted(CHINESE), config("zh"));
        assertNull(d.dropReason(), "dropped as " + d.dropReason() + ": " + d.text());
        assertEquals("zh", d.lang());
        assertTrue(d.text().contains("公园的中心有一个很大的湖"), d.text());
    }

    @Test
    void japanesePageIsKeptWhenJapaneseIsKept() {
        Doc d = DocumentFilter.apply(extracted(JAPANESE), config("ja"));
        assertNull(d.dropReason(), "dropped as " + d.dropReason() + ": " + d.text());
        assertEquals("ja", d.lang());
    }

    @Test
    void withTheEnglishDefaultBothAreDroppedForTheirLanguageNotAsEmpty() {
        PrepConfig english = PrepConfig.load(null);
        for (String html : List.of(CHINESE, JAPANESE)) {
            Doc d = DocumentFilter.apply(extracted(html), english);
            assertEquals(DropReason.LANGUAGE, d.dropReason(), d.lang() + ": " + d.text());
        }
    }

    @Test
    void eachCjkCharacterCountsAsAWord() {
        var quality = PrepConfig.load(null).quality();
        String prose = "这座城市的公园建于一百多年前，当时的市民希望在工厂和街道之间留下一片可以休息的绿地。" + "公园的中心有一个很大的湖，春天的时候湖边开满了桃花和樱花，很多家庭会在周末带着孩子来这里散步。";
        // About 90 one-character words: enough for the word count rule, and no mean word length rule (1 character).
        assertNull(QualityRules.check(prose, "zh", quality));
        // Seven characters and a full stop: 8 words, below the 50 the rule asks for.
        assertEquals("word_count", QualityRules.check("这座城市的公园。", "zh", quality));
    }

    private static Doc extracted(String html) {
        String text = HtmlExtractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        return Doc.read("warc", "test.warc.gz", 0, "", "http://example.org/", text, false);
    }

    private static PrepConfig config(String language) {
        return PrepConfig.from(ConfigFactory.parseString("lws.prep.filter.language.keep = [" + language + "]")
                .withFallback(ConfigFactory.parseResources(PrepConfig.class.getClassLoader(), "prep.conf"))
                .resolve()
                .getConfig("lws.prep"));
    }

    private static String page(String lang, String title, String... paragraphs) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
                + "<title>" + title + "</title></head><body><nav><a href=\"/\">首页</a> <a href=\"/a\">about</a></nav>"
                + "<main><h1>" + title + "</h1>");
        for (String p : paragraphs) {
            b.append("<p>").append(p).append("</p>");
        }
        return b.append("</main><footer>© 2024</footer></body></html>").toString();
    }
}
