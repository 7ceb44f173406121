# Nhãn tiếng Việt của các báo cáo. Mỗi thông điệp có bản tiếng Anh tương
# ứng trong en.ftl; một kiểm thử bảo đảm hai tệp có cùng các mã thông điệp.

header = cloudcensus { $version } — số liệu ngày { $date } ({ $mode }): { $agencies } cơ quan, đơn vị; { $systems } hệ thống
header-retired = (thêm { $retired } hệ thống đã ngừng sử dụng, không tính)
mode-online = có kiểm tra trực tuyến
mode-offline = không kiểm tra trực tuyến

probed = Đã kiểm tra { $endpoints } địa chỉ trong { $seconds } giây: { $answered } địa chỉ phản hồi
probed-errors = , { $failed } địa chỉ lỗi ({ $classes })

section-targets = Chỉ tiêu
section-agencies = Cơ quan, đơn vị
section-failing = Nội dung chưa đạt ({ $count })
section-fix = Cách khắc phục
section-waivers = Trường hợp miễn trừ cần xem lại
no-failing = Không có nội dung chưa đạt.

col-target = Chỉ tiêu
col-current = Hiện tại
col-goal = Mục tiêu
col-deadline = Thời hạn
col-status = Tình trạng
col-measured = Cơ sở tính
col-agency = Mã đơn vị
col-name = Tên cơ quan, đơn vị
col-systems = Số hệ thống
col-on-cloud = Trên điện toán đám mây
col-services-online = DVC trực tuyến toàn trình
col-compliance = Mức tuân thủ
col-severity = Mức độ
col-rule = Quy tắc
col-system = Hệ thống
col-endpoint = Địa chỉ
col-finding = Nội dung
col-failing = Số trường hợp
col-rule-title = Nội dung quy tắc
col-remediation = Cách khắc phục
col-state = Tình trạng
col-expires = Hết hạn
col-where = Vị trí
row-all = toàn tỉnh

measured = { $numerator }/{ $denominator } { $unit }
measured-unknown = , { $count } chưa xác định
unit-services = dịch vụ
unit-agencies = cơ quan, đơn vị
unit-systems = hệ thống

status-met = đã đạt
status-on-track = đúng tiến độ
status-behind = chậm tiến độ
status-missed = không đạt (đạt { $value })
status-no-trend = chưa đạt; chưa đủ dữ liệu để dự báo
status-no-data = chưa có số liệu

severity-critical = đặc biệt nghiêm trọng
severity-high = nghiêm trọng
severity-medium = trung bình
severity-low = thấp
severity-info = thông tin

checks = { $total } lượt kiểm tra: { $pass } đạt, { $fail } chưa đạt, { $waived } được miễn trừ, { $unknown } chưa xác định, { $error } lỗi. Chưa đạt theo mức độ: { $severities }.
rule-errors = Một số quy tắc không đánh giá được: xem các kết quả `error` trong --format json.

summary-header = cloudcensus { $version }: kết quả rà soát ngày { $date } ({ $mode }): { $agencies } cơ quan, đơn vị; { $systems } hệ thống
summary-targets = Chỉ tiêu:
summary-target = { $value } (mục tiêu { $goal }, thời hạn { $deadline })
summary-failing = Nội dung chưa đạt: { $count } ({ $severities })
summary-agencies = Cơ quan, đơn vị có nội dung chưa đạt: { $count }
summary-more = và { $count } đơn vị khác
summary-errors = { $count } kết quả lỗi khi đánh giá quy tắc: xem báo cáo đầy đủ.
summary-reports = Báo cáo: { $list }
